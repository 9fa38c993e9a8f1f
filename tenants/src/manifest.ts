/**
 * Tenant manifests: the platform (`tenants/platform.yaml`) and one YAML file per commune (`tenants/demo/*.yaml`)
 * listing its arrondissements. They are validated here, cross-checked against the registry, and flattened into
 * one `TenantSpec` per tenant. The file format is documented in `tenants/README.md`.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
// Offices are of the kinds the catalogue's services point to (`where.officeKind`).
import { OFFICE_KINDS } from './catalogue.ts';
import { contrastRatio, contrastWithWhite, displayRatio, MIN_CONTRAST, MIN_NON_TEXT_CONTRAST } from './contrast.ts';
import { displayPath, readYaml, validate, type DataFileErrorFactory } from './data-file.ts';
import { LOCALES, type Locale } from './locale.ts';
import { findArrondissement, findCommune } from './registry.ts';
import { Text, ZghName, ZghText } from './text-schemas.ts';
import { WEEKDAYS } from './weekdays.ts';

export const TENANT_STATUSES = ['provisioning', 'active', 'suspended', 'archived'] as const;
export type TenantStatus = (typeof TENANT_STATUSES)[number];

export type LogoContentType = 'image/svg+xml' | 'image/png' | 'image/webp';

export interface Branding {
  /** `#rrggbb`, lowercase; white text on it reaches WCAG AA (4.5:1). */
  primaryColor: string;
  /** `#rrggbb`, lowercase; a stripe and marks on the primary colour: 3:1 against it (WCAG 1.4.11), never text. */
  accentColor: string;
  /** `path` is absolute. */
  logo: { path: string; contentType: LogoContentType } | null;
}

export interface TenantSpec {
  kind: 'platform' | 'commune' | 'arrondissement';
  /** Registry code; 'MA' for the platform. */
  code: string;
  /** Commune: registry slug; arrondissement: from arrondissement-slugs.csv (unique within its commune); platform: 'platform'. */
  slug: string;
  parentCode: string | null;
  /** ar/fr default to the registry names when the manifest omits them. */
  names: { ar: string; fr: string; zgh: string };
  status: TenantStatus;
  locales: Locale[];
  defaultLocale: Locale;
  fallbackLocales: Locale[];
  /** Custom domains, lowercase. */
  domains: string[];
  /** An arrondissement inherits its commune's branding, field by field, unless it overrides it. */
  branding: Branding;
  content: { welcome: { ar?: string; fr?: string; zgh?: string } };
  /** Where residents are received (an arrondissement also uses its commune's). */
  offices: OfficeSpec[];
  /** 2024 census population from the registry; null for the platform. */
  population: number | null;
  /** The manifest it came from, relative to the repository root (absolute when outside the repository). */
  sourceFile: string;
}

export const DEMO_DIR = fileURLToPath(new URL('../demo/', import.meta.url));
export const PLATFORM_FILE = fileURLToPath(new URL('../platform.yaml', import.meta.url));

/**
 * A manifest that cannot be used. The message names the file, the field and the reason, e.g.
 * `tenants/demo/casablanca.yaml: arrondissements[3].names.zgh: must be written in Tifinagh …`.
 */
export class ManifestError extends Error {
  /** The manifest, relative to the repository root (absolute when outside it). */
  readonly file: string;
  /** Dotted path of the offending field, e.g. `branding.logo`, or `(root)` for the whole file. */
  readonly field: string;
  readonly reason: string;

  constructor(file: string, field: string, reason: string) {
    const shown = displayPath(file);
    super(`${shown}: ${field}: ${reason}`);
    this.name = 'ManifestError';
    this.file = shown;
    this.field = field;
    this.reason = reason;
  }
}

// ---------------------------------------------------------------------------------------------------------
// Field formats

const Colour = z
  .string()
  .regex(/^#[0-9a-fA-F]{6}$/, 'must be a colour like #1a5f7a')
  .transform((hex) => hex.toLowerCase());
// The primary colour is the header/button background under white text, so it must be readable.
const PrimaryColour = Colour.superRefine((hex, ctx) => {
  const ratio = contrastWithWhite(hex);
  if (ratio < MIN_CONTRAST) {
    ctx.addIssue({ code: 'custom', message: `white text on ${hex} has contrast ${displayRatio(ratio).toFixed(2)}:1, below the ${MIN_CONTRAST}:1 WCAG AA minimum` });
  }
});

// A bare hostname: letters, digits and hyphens, at least two labels, alphabetic or punycode TLD.
const HOSTNAME = /^(?=.{1,253}$)(?:(?!-)[a-z0-9-]{1,63}(?<!-)\.)+(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$/;
const Domains = z
  .array(
    z
      .string()
      .transform((host) => host.toLowerCase())
      .pipe(z.string().regex(HOSTNAME, 'must be a bare hostname like example.ma (no scheme, port, path or trailing dot)')),
  )
  .default([]);

const Status = z.enum(TENANT_STATUSES);
const LocaleSchema = z.enum(LOCALES);

const BrandingInput = z.strictObject({
  primaryColor: PrimaryColour,
  accentColor: Colour,
  /** Relative to the manifest's folder, and inside it. */
  logo: z.string().min(1).optional(),
});

const Content = z
  .strictObject({
    welcome: z.strictObject({ ar: Text.optional(), fr: Text.optional(), zgh: ZghText.optional() }).default({}),
  })
  .default({ welcome: {} });


const Time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time like 08:30');
const OpeningPeriod = z
  .strictObject({ days: z.array(z.enum(WEEKDAYS)).min(1), opens: Time, closes: Time })
  .refine((h) => h.opens < h.closes, { message: 'opens must be before closes', path: ['closes'] });
const OfficeInput = z.strictObject({
  /** Stable within the tenant: services and overrides refer to it. */
  key: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be a lowercase slug like civil-status-annex'),
  kind: z.enum(OFFICE_KINDS),
  names: z.strictObject({ ar: Text, fr: Text, zgh: ZghText.optional() }),
  address: z.strictObject({ ar: Text, fr: Text }),
  // Morocco, southern provinces included: a swapped latitude/longitude lands outside and is caught.
  location: z.strictObject({ lat: z.number().min(20.5).max(36), lng: z.number().min(-17.5).max(-0.9) }),
  hours: z.array(OpeningPeriod).min(1, 'must list at least one opening period'),
  /** Opening periods during Ramadan (public offices: 09:00–15:00, Monday to Friday); omitted: the usual ones. */
  ramadanHours: z.array(OpeningPeriod).default([]),
  phone: z.string().regex(/^\+212[5-8]\d{8}$/, 'must be a Moroccan number like +212522000000').optional(),
  email: z.email('must be an e-mail address').optional(),
});
export type OfficeSpec = z.output<typeof OfficeInput>;

const Offices = z.array(OfficeInput).default([]).superRefine((offices, ctx) => {
  offices.forEach((o, i) => {
    if (offices.findIndex((p) => p.key === o.key) !== i) ctx.addIssue({ code: 'custom', path: [i, 'key'], message: `duplicate office key '${o.key}'` });
  });
});

const localeFields = {
  locales: z.array(LocaleSchema).min(1, 'must list at least one locale').default([...LOCALES]),
  defaultLocale: LocaleSchema.default('ar'),
  // Omitted: ar then fr, limited to the tenant's locales (see resolveLocales).
  fallbackLocales: z.array(LocaleSchema).optional(),
};

/** Locales must be distinct, and the default and fallbacks must be languages the tenant publishes. */
function checkLocales(
  m: { locales: Locale[]; defaultLocale: Locale; fallbackLocales?: Locale[] | undefined },
  ctx: z.RefinementCtx,
): void {
  const listed = m.locales.join(', ');
  m.locales.forEach((locale, i) => {
    if (m.locales.indexOf(locale) !== i) ctx.addIssue({ code: 'custom', path: ['locales', i], message: `duplicate locale '${locale}'` });
  });
  if (!m.locales.includes(m.defaultLocale)) {
    ctx.addIssue({ code: 'custom', path: ['defaultLocale'], message: `'${m.defaultLocale}' is not among locales (${listed})` });
  }
  m.fallbackLocales?.forEach((locale, i) => {
    if (!m.locales.includes(locale)) ctx.addIssue({ code: 'custom', path: ['fallbackLocales', i], message: `'${locale}' is not among locales (${listed})` });
    else if (m.fallbackLocales?.indexOf(locale) !== i) ctx.addIssue({ code: 'custom', path: ['fallbackLocales', i], message: `duplicate locale '${locale}'` });
  });
}

export const ArrondissementManifestSchema = z.strictObject({
  code: z.string(),
  names: z.strictObject({ ar: Text.optional(), fr: Text.optional(), zgh: ZghName }),
  // Omitted: the commune's status.
  status: Status.optional(),
  domains: Domains,
  // Each omitted field comes from the commune.
  branding: BrandingInput.partial().default({}),
  content: Content,
  offices: Offices,
});

export const CommuneManifestSchema = z
  .strictObject({
    code: z.string(),
    names: z.strictObject({ ar: Text.optional(), fr: Text.optional(), zgh: ZghName }),
    status: Status,
    ...localeFields,
    domains: Domains,
    branding: BrandingInput,
    content: Content,
    offices: Offices,
    arrondissements: z.array(ArrondissementManifestSchema).default([]),
  })
  .superRefine(checkLocales);

export const PlatformManifestSchema = z
  .strictObject({
    code: z.literal('MA'),
    // No registry entry to default from: all three names are required.
    names: z.strictObject({ ar: Text, fr: Text, zgh: ZghName }),
    status: Status,
    ...localeFields,
    domains: Domains,
    branding: BrandingInput,
    content: Content,
  })
  .superRefine(checkLocales);

export type CommuneManifest = z.output<typeof CommuneManifestSchema>;
export type PlatformManifest = z.output<typeof PlatformManifestSchema>;

// ---------------------------------------------------------------------------------------------------------
// Reading and validating one file

/** Reads and validates one manifest, reporting its first problem as a ManifestError. */
function readManifest<T>(schema: z.ZodType<T>, file: string): T {
  const error: DataFileErrorFactory = (field, reason) => new ManifestError(file, field, reason);
  return validate(schema, readYaml(file, error), error, 'invalid manifest');
}

// ---------------------------------------------------------------------------------------------------------
// Resolving references: registry codes, logo files, duplicates

const LOGO_TYPES: Record<string, LogoContentType> = { '.svg': 'image/svg+xml', '.png': 'image/png', '.webp': 'image/webp' };

// A wrong extension would make the API serve the file under the wrong Content-Type.
const LOOKS_LIKE: Record<LogoContentType, (bytes: Buffer) => boolean> = {
  'image/svg+xml': (b) => /<svg[\s>]/.test(b.toString('utf8')),
  'image/png': (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
  'image/webp': (b) => b.toString('latin1', 0, 4) === 'RIFF' && b.toString('latin1', 8, 12) === 'WEBP',
};

function resolveLogo(file: string, field: string, ref: string): NonNullable<Branding['logo']> {
  const dir = path.dirname(file);
  const absolute = path.resolve(dir, ref);
  // Logos are served publicly: keep them to files that sit next to the manifest.
  const inside = path.relative(dir, absolute);
  if (path.isAbsolute(ref) || inside.startsWith('..') || path.isAbsolute(inside)) {
    throw new ManifestError(file, field, `must be a relative path inside ${displayPath(dir)}`);
  }
  const contentType = LOGO_TYPES[path.extname(absolute).toLowerCase()];
  if (!contentType) throw new ManifestError(file, field, `unsupported logo type '${path.extname(absolute)}' (use .svg, .png or .webp)`);
  if (!statSync(absolute, { throwIfNoEntry: false })?.isFile()) throw new ManifestError(file, field, `logo file not found: ${displayPath(absolute)}`);
  const bytes = readFileSync(absolute);
  if (!LOOKS_LIKE[contentType](bytes)) throw new ManifestError(file, field, `${displayPath(absolute)} is not a valid ${contentType} file`);
  // An SVG opened directly runs its scripts with the site's origin.
  if (contentType === 'image/svg+xml' && /<script|\son[a-z]+\s*=|javascript:/i.test(bytes.toString('utf8'))) {
    throw new ManifestError(file, field, 'SVG logo must not contain scripts or event handlers');
  }
  return { path: absolute, contentType };
}

function resolveBranding(file: string, field: string, input: z.output<typeof BrandingInput>): Branding {
  return checkAccent(file, field, {
    primaryColor: input.primaryColor,
    accentColor: input.accentColor,
    logo: input.logo === undefined ? null : resolveLogo(file, `${field}.logo`, input.logo),
  });
}

/**
 * The accent is drawn as a stripe and marks on the primary colour: the console refuses it below 3:1 against
 * it (WCAG 1.4.11), and so does a manifest. Checked on the resolved colours, since an arrondissement may
 * change one and inherit the other.
 */
function checkAccent(file: string, field: string, branding: Branding): Branding {
  const ratio = contrastRatio(branding.accentColor, branding.primaryColor);
  if (ratio < MIN_NON_TEXT_CONTRAST) {
    throw new ManifestError(
      file,
      `${field}.accentColor`,
      `${branding.accentColor} on ${branding.primaryColor} has contrast ${displayRatio(ratio).toFixed(2)}:1, below the ${MIN_NON_TEXT_CONTRAST}:1 WCAG minimum for marks on the primary colour`,
    );
  }
  return branding;
}

/** Omitted fallbacks: Arabic then French, the languages every commune publishes in practice, if the tenant has them. */
function resolveLocales(m: { locales: Locale[]; defaultLocale: Locale; fallbackLocales?: Locale[] | undefined }) {
  return {
    locales: [...m.locales],
    defaultLocale: m.defaultLocale,
    fallbackLocales: m.fallbackLocales ? [...m.fallbackLocales] : (['ar', 'fr'] as const).filter((l) => m.locales.includes(l)),
  };
}

/** Remembers who claimed each slug and domain, so a second claim fails naming the first. */
type Claim = (file: string, field: string, key: string, what: string) => void;

function createClaims(): Claim {
  const owners = new Map<string, string>();
  return (file, field, key, what) => {
    const owner = owners.get(key);
    if (owner) throw new ManifestError(file, field, `duplicate ${what} (already used by ${owner})`);
    owners.set(key, `${displayPath(file)} ${field}`);
  };
}

function claimDomains(claim: Claim, file: string, field: string, domains: string[]): void {
  domains.forEach((domain, j) => claim(file, `${field}[${j}]`, `domain:${domain}`, `domain '${domain}'`));
}

function unknownCommuneReason(code: string): string {
  const arrondissement = findArrondissement(code);
  return arrondissement
    ? `'${code}' is an arrondissement (${arrondissement.nameFr}), not a commune: list it under arrondissements of ${arrondissement.communeCode}`
    : `unknown commune code '${code}' (not in tenants/registry/communes.csv)`;
}

function resolveCommune(file: string, m: CommuneManifest, claim: Claim): TenantSpec[] {
  const commune = findCommune(m.code);
  if (!commune) throw new ManifestError(file, 'code', unknownCommuneReason(m.code));
  claim(file, 'code', `slug:/${commune.slug}`, `slug '${commune.slug}'`);
  claimDomains(claim, file, 'domains', m.domains);
  const sourceFile = displayPath(file);

  const spec: TenantSpec = {
    kind: 'commune',
    code: commune.code,
    slug: commune.slug,
    parentCode: null,
    names: { ar: m.names.ar ?? commune.nameAr, fr: m.names.fr ?? commune.nameFr, zgh: m.names.zgh },
    status: m.status,
    ...resolveLocales(m),
    domains: m.domains,
    branding: resolveBranding(file, 'branding', m.branding),
    content: m.content,
    offices: m.offices,
    population: commune.population2024,
    sourceFile,
  };

  const children = m.arrondissements.map((a, i): TenantSpec => {
    const at = `arrondissements[${i}]`;
    const arrondissement = findArrondissement(a.code);
    if (!arrondissement) throw new ManifestError(file, `${at}.code`, `unknown arrondissement code '${a.code}' (not in tenants/registry/arrondissements.csv)`);
    if (arrondissement.communeCode !== commune.code) {
      throw new ManifestError(
        file,
        `${at}.code`,
        `arrondissement ${a.code} (${arrondissement.nameFr}) belongs to commune ${arrondissement.communeCode}, not ${commune.code} (${commune.nameFr})`,
      );
    }
    // Arrondissement slugs are unique per commune only, so the claim is scoped by the parent.
    claim(file, `${at}.code`, `slug:${commune.code}/${arrondissement.slug}`, `slug '${arrondissement.slug}'`);
    claimDomains(claim, file, `${at}.domains`, a.domains);
    return {
      kind: 'arrondissement',
      code: arrondissement.code,
      slug: arrondissement.slug,
      parentCode: commune.code,
      names: { ar: a.names.ar ?? arrondissement.nameAr, fr: a.names.fr ?? arrondissement.nameFr, zgh: a.names.zgh },
      status: a.status ?? spec.status,
      // Languages are the city's decision: arrondissements publish in the same ones.
      locales: [...spec.locales],
      defaultLocale: spec.defaultLocale,
      fallbackLocales: [...spec.fallbackLocales],
      domains: a.domains,
      branding: checkAccent(file, `${at}.branding`, {
        primaryColor: a.branding.primaryColor ?? spec.branding.primaryColor,
        accentColor: a.branding.accentColor ?? spec.branding.accentColor,
        logo: a.branding.logo === undefined ? spec.branding.logo : resolveLogo(file, `${at}.branding.logo`, a.branding.logo),
      }),
      content: a.content,
      offices: a.offices,
      population: arrondissement.population2024,
      sourceFile,
    };
  });

  return [spec, ...children];
}

// ---------------------------------------------------------------------------------------------------------
// Public loaders

/**
 * Loads every `*.yaml`/`*.yml` commune manifest in `dir` (not recursive; files in name order) and returns each
 * commune followed by its arrondissements. Throws a ManifestError on the first problem, including a slug or
 * domain claimed twice across the files.
 *
 * @example loadManifests().filter((t) => t.parentCode === '06.141.01.0').length // 16
 */
export function loadManifests(dir: string | URL = DEMO_DIR): TenantSpec[] {
  const root = dir instanceof URL ? fileURLToPath(dir) : path.resolve(dir);
  const files = readdirSync(root)
    .filter((name) => /\.ya?ml$/.test(name))
    .sort()
    .map((name) => path.join(root, name));
  const claim = createClaims();
  return files.flatMap((file) => resolveCommune(file, readManifest(CommuneManifestSchema, file), claim));
}

/**
 * Loads the platform's own manifest (the national site listing hosted communes).
 *
 * @example loadPlatformManifest().names.fr // 'Jamaa'
 */
export function loadPlatformManifest(file: string | URL = PLATFORM_FILE): TenantSpec {
  const absolute = file instanceof URL ? fileURLToPath(file) : path.resolve(file);
  const m = readManifest(PlatformManifestSchema, absolute);
  claimDomains(createClaims(), absolute, 'domains', m.domains);
  return {
    kind: 'platform',
    code: m.code,
    slug: 'platform',
    parentCode: null,
    names: m.names,
    status: m.status,
    ...resolveLocales(m),
    domains: m.domains,
    branding: resolveBranding(absolute, 'branding', m.branding),
    content: m.content,
    offices: [],
    population: null,
    sourceFile: displayPath(absolute),
  };
}
