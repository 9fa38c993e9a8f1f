// The console's sections and who sees them. The API checks every call itself; this only keeps a role
// from being shown what it may not open.
import type { Me } from '@jamaa/api/accounts/accounts.schemas.ts';

export const SECTIONS = ['dashboard', 'complaints', 'catalogue', 'content', 'offices', 'contact', 'branding', 'tariff', 'users', 'access', 'tenants', 'onboarding', 'statistics', 'conformance', 'governance', 'lifecycle', 'accounts', 'audit', 'outbox', 'account'] as const;
export type Section = (typeof SECTIONS)[number];

type Role = NonNullable<Me['role']> | 'operator';

/** Who may open each section: tenant roles on a commune's host, `operator` on the platform host. */
const ACCESS: Record<Section, readonly Role[]> = {
  dashboard: ['administrator', 'editor', 'agent', 'supervisor'],
  complaints: ['administrator', 'agent', 'supervisor'],
  catalogue: ['administrator', 'editor'],
  content: ['administrator', 'editor'],
  offices: ['administrator'],
  contact: ['administrator'],
  branding: ['administrator'],
  tariff: ['administrator'],
  users: ['administrator'],
  access: ['administrator'],
  tenants: ['operator'],
  onboarding: ['operator'],
  statistics: ['operator'],
  conformance: ['operator'],
  governance: ['operator'],
  lifecycle: ['operator'],
  accounts: ['operator'],
  audit: ['administrator', 'operator'],
  outbox: ['administrator', 'operator'],
  account: ['administrator', 'editor', 'agent', 'supervisor', 'operator'],
};

/** The path of a section under `/<lang>/admin`. */
export function sectionPath(lang: string, section: Section): string {
  return section === 'dashboard' ? `/${lang}/admin` : `/${lang}/admin/${section}`;
}

/** The role that counts on this host: the operator's on the platform host, the tenant role elsewhere. */
export function roleOf(me: Pick<Me, 'role' | 'operator'>): Role | null {
  return me.operator ? 'operator' : me.role;
}

/** The sections `me` may open, in menu order. */
export function sectionsFor(me: Pick<Me, 'role' | 'operator'>): Section[] {
  const role = roleOf(me);
  if (!role) return [];
  return SECTIONS.filter((s) => ACCESS[s].includes(role));
}

/** Where a signed-in person lands: the dashboard, or the operator's tenants overview. */
export function landingSection(me: Pick<Me, 'role' | 'operator'>): Section {
  return sectionsFor(me)[0] ?? 'account';
}

/**
 * A `next` parameter made safe: only a path of this console, never another site (`//evil.example`).
 *
 * @example safeNext('/fr/admin/users', 'ar') // → '/ar/admin/users'
 * @example safeNext('https://evil.example', 'fr') // → null
 */
export function safeNext(next: string | null, lang: string): string | null {
  if (!next || !/^\/(ar|fr|zgh)\/admin(\/[\w\-/]*)?(\?[\w=&%.\-]*)?$/.test(next)) return null;
  // Stay in the language the person is using now.
  return `/${lang}${next.slice(next.indexOf('/', 1))}`;
}
