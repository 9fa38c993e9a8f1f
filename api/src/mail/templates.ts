import { createInstance, type TFunction } from 'i18next';
import { zghPluralRule } from '@jamaa/tenants/plurals.ts';
import { resources, usePluralRule } from '@jamaa/tenants/strings.ts';
import { useAnnexedFormat } from '@jamaa/tenants/annexed-state.ts';
import type { StaffRole } from '../db/schema.ts';
import { LOCALES, type Locale } from '@jamaa/tenants/locale.ts';

/**
 * The messages staff receive, in the recipient tenant's default language, written from the `mail`
 * namespace of the platform's one string resource set (`tenants/strings/<locale>/mail.json`), which the
 * web's parity and script tests check with every other namespace. Plain text only: it reads the same
 * in every mail client, right-to-left included. The zgh texts are drafts to be reviewed by a speaker.
 */
export interface MailContent {
  subject: string;
  text: string;
}

export type RoleName = StaffRole | 'operator';

/** What a message says, besides its link. */
export type MailTemplate =
  | { kind: 'invitation'; inviterName: string; role: RoleName; days: number }
  | { kind: 'password_reset'; email: string; minutes: number }
  /** The operator removed the second factor (lost phone and codes): the link is the sign-in page. */
  | { kind: 'second_factor_reset'; email: string; reason: string }
  /** To a resident who gave an e-mail: the acknowledgement, with the private link. */
  | { kind: 'complaint_received'; tracking: string; dueDate: string }
  /** To that resident: a change that concerns them (state, public reply). */
  | { kind: 'complaint_updated'; tracking: string; state: ComplaintStateName; reply: string | null }
  /** To the tenant's supervisors: an open complaint passed its deadline. */
  | { kind: 'complaint_escalated'; tracking: string; dueDate: string };

export type ComplaintStateName = 'received' | 'assigned' | 'in_progress' | 'resolved' | 'rejected' | 'forwarded';

export type MailKind = MailTemplate['kind'];

/** The messages written to a resident (about their request): their address and text are the resident's personal data. */
const TO_RESIDENTS: ReadonlySet<string> = new Set<MailKind>(['complaint_received', 'complaint_updated']);

/**
 * Whether a message of this kind goes to a resident: the tenant's staff read it (they handle the request),
 * the operator does not (issue 12: the operator reads no resident's personal data).
 *
 * @example isToResident('complaint_updated') // → true
 */
export function isToResident(kind: string): boolean {
  return TO_RESIDENTS.has(kind);
}

/** Whether a message's link grants access to an account: then only its recipient may ever read it. */
export function grantsAccess(template: MailTemplate): boolean {
  return template.kind === 'invitation' || template.kind === 'password_reset';
}

let instance: ReturnType<typeof createInstance> | null = null;

/** One i18next instance for the API, created on first use with the `mail` namespace of every locale. */
function mailTranslator(locale: Locale): TFunction<'mail'> {
  if (!instance) {
    instance = createInstance();
    void instance.init({
      lng: 'ar',
      // A missing key is a bug the parity test catches; never write another language's text instead.
      fallbackLng: false,
      supportedLngs: [...LOCALES],
      ns: ['mail'],
      defaultNS: 'mail',
      resources: Object.fromEntries(LOCALES.map((l) => [l, { mail: resources[l].mail }])),
      initAsync: false,
      // Plain text: nothing to escape.
      interpolation: { escapeValue: false },
    });
    usePluralRule(instance, 'zgh', zghPluralRule);
    // `ⵖⵔ {{tenant, annexed}}`: a known noun after a preposition in its annexed state (zgh).
    useAnnexedFormat(instance);
  }
  return instance.getFixedT(locale, 'mail');
}

export function roleName(role: RoleName, locale: Locale): string {
  return mailTranslator(locale)(`role.${role}`);
}

/**
 * Subject and text of a message: greeting, what happened, what to do, the link alone on its line, and
 * what to do when the message was not expected.
 *
 * @example renderMail('fr', 'Tanger', { kind: 'password_reset', email: 'a@b.ma', minutes: 60 }, 'https://…')
 */
export function renderMail(locale: Locale, tenantName: string, template: MailTemplate, link: string): MailContent {
  const t = mailTranslator(locale);
  const values = templateValues(t, locale, tenantName, template);
  const k = template.kind;
  return {
    subject: t(`${k}.subject`, values),
    text: [t('greeting'), '', t(`${k}.intro`, values), '', t(`${k}.action`, values), link, '', t(`${k}.ignore`, values)].join('\n'),
  };
}

/** What an SMS says, besides its link. */
export type SmsTemplate = { kind: 'complaint_received'; tracking: string };

/**
 * An SMS: its text (the `sms` strings: the number and the link, nothing more — it is read on any phone,
 * and a link must fit: French in one 160-character SMS, Arabic and Tifinagh as short as UCS-2 allows),
 * and a subject for the outbox's console, the one the same mail would have.
 *
 * @example renderSms('fr', 'Tanger', { kind: 'complaint_received', tracking: 'TANG-2026-000001' }, 'https://…')
 */
export function renderSms(locale: Locale, tenantName: string, template: SmsTemplate, link: string): MailContent {
  const t = mailTranslator(locale);
  return {
    subject: t(`${template.kind}.subject`, { tenant: tenantName, tracking: template.tracking }),
    text: t(`sms.${template.kind}`, { tracking: template.tracking, link }),
  };
}

function templateValues(t: TFunction<'mail'>, locale: Locale, tenant: string, template: MailTemplate): Record<string, string | number> {
  switch (template.kind) {
    case 'invitation':
      return { tenant, inviter: template.inviterName, role: roleName(template.role, locale), days: template.days };
    case 'password_reset':
      return { tenant, email: template.email, minutes: template.minutes };
    case 'second_factor_reset':
      return { tenant, email: template.email, reason: template.reason };
    case 'complaint_received':
    case 'complaint_escalated':
      return { tenant, tracking: template.tracking, dueDate: template.dueDate };
    case 'complaint_updated':
      return { tenant, tracking: template.tracking, state: t(`complaint_state.${template.state}`), reply: template.reply ? `\n\n${template.reply}` : '' };
  }
}
