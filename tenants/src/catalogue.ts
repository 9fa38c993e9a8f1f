/**
 * The national catalogue of commune services: `tenants/catalogue/categories.yaml` and one YAML file per service
 * in `tenants/catalogue/services/<code>.yaml`. Every file is validated here (shape, languages, scripts, law 55.19
 * rules, online channels) and cross-checked (categories, codes, names). The file format is documented in
 * `tenants/README.md`, section "Service catalogue".
 */
import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { displayPath, readYaml, ROOT_FIELD, validate, type DataFileErrorFactory } from './data-file.ts';
import { Text, ZghName, ZghText } from './text-schemas.ts';
import { normaliseForSearch } from './text-folding.ts';

export const CATALOGUE_DIR = fileURLToPath(new URL('../catalogue/', import.meta.url));

// ---------------------------------------------------------------------------------------------------------
// Closed vocabularies (catalogue-vocabulary.ts, free of file access for browser bundles)

export * from './catalogue-vocabulary.ts';
import { AUDIENCES, COST_KINDS, OFFICE_KINDS, SERVICE_KINDS, TRANSLATION_STATUSES, WHERE_KINDS } from './catalogue-vocabulary.ts';

export interface OnlinePlatform {
  name: { ar: string; fr: string };
  /** Links must point to this host or one of its sub-domains (DOMAIN.md §3). */
  host: string;
  home: string;
}

/** National platforms a service may be handled on (DOMAIN.md §3). Jamaa links out; it does not re-implement them. */
export const ONLINE_PLATFORMS = {
  rokhas: { name: { ar: 'رخص', fr: 'Rokhas' }, host: 'rokhas.ma', home: 'https://www.rokhas.ma' },
  watiqa: { name: { ar: 'وثيقة', fr: 'Watiqa' }, host: 'watiqa.ma', home: 'https://www.watiqa.ma' },
  chikaya: { name: { ar: 'شكاية', fr: 'Chikaya' }, host: 'chikaya.ma', home: 'https://www.chikaya.ma' },
  chafafiya: { name: { ar: 'شفافية', fr: 'Chafafiya' }, host: 'chafafiya.ma', home: 'https://www.chafafiya.ma' },
  idarati: { name: { ar: 'إدارتي', fr: 'Idarati' }, host: 'idarati.ma', home: 'https://www.idarati.ma' },
  bod: { name: { ar: 'مكتب الضبط الرقمي', fr: 'Bureau d’ordre digital' }, host: 'courrier.gov.ma', home: 'https://courrier.gov.ma/virtualbo/' },
} as const satisfies Record<string, OnlinePlatform>;
export type OnlinePlatformCode = keyof typeof ONLINE_PLATFORMS;
const PLATFORM_CODES = Object.keys(ONLINE_PLATFORMS) as [OnlinePlatformCode, ...OnlinePlatformCode[]];

export const FACT_STATUSES = ['sourced', 'typical'] as const;
/** Fields a `sourced` service may still mark as typical practice rather than sourced fact. */
export const TYPICAL_FIELDS = ['summary', 'eligibility', 'documents', 'steps', 'cost', 'delay', 'where', 'legalBasis', 'contact'] as const;

/** Law 55.19 (art. 16): no administrative decision may take longer than 60 days (DOMAIN.md §1.3). */
export const LAW_55_19_MAX_DAYS = 60;

/**
 * The one category whose services ARE légalisation and certification: their documents may name what is to be
 * legalised or certified. Everywhere else law 55.19 (art. 7) forbids demanding either in an application file.
 */
export const CERTIFICATION_CATEGORY = 'legalisation';

// ---------------------------------------------------------------------------------------------------------
// Errors

/** Used in the code position of a message when the problem is not tied to one service or category. */
const WHOLE_FILE = '(file)';

/**
 * A catalogue file that cannot be used. The message names the file, the service (or category) and the field, e.g.
 * `tenants/catalogue/services/building-permit.yaml: building-permit: delay.maxDays: 90 days exceeds …`.
 */
export class CatalogueError extends Error {
  /** The file, relative to the repository root (absolute when outside it). */
  readonly file: string;
  /** The service code (the category code in categories.yaml), or `(file)` for the file as a whole. */
  readonly code: string;
  /** Dotted path of the offending field, e.g. `documents[2].fr`, or `(root)` for the whole file. */
  readonly field: string;
  readonly reason: string;

  constructor(file: string, code: string, field: string, reason: string) {
    const shown = displayPath(file);
    super(`${shown}: ${code}: ${field}: ${reason}`);
    this.name = 'CatalogueError';
    this.file = shown;
    this.code = code;
    this.field = field;
    this.reason = reason;
  }
}

// ---------------------------------------------------------------------------------------------------------
// Text in the three languages

const HAS_ARABIC = /\p{Script=Arabic}/u;
const HAS_LATIN = /\p{Script=Latin}/u;

const ArText = Text.refine((text) => HAS_ARABIC.test(text), { message: 'must be written in Arabic (no Arabic letter found)' });
// French text may carry digits, acronyms and URLs, but an Arabic letter means the two languages were swapped or mixed.
const FrText = Text.refine((text) => HAS_LATIN.test(text) && !HAS_ARABIC.test(text), {
  message: 'must be written in French (Latin letters, no Arabic letters)',
});

/** Text shown to residents: Arabic and French required, Amazigh optional. */
const LocalizedText = z.strictObject({ ar: ArText, fr: FrText, zgh: ZghText.optional() });
/** Labels: all three languages required. */
const Names = z.strictObject({ ar: ArText, fr: FrText, zgh: ZghName });

const Code = z.string().regex(/^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/, 'must be kebab-case: lowercase letters and digits separated by single hyphens');

const HttpsUrl = z.string().superRefine((value, ctx) => {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    ctx.addIssue({ code: 'custom', message: `'${value}' is not a valid URL` });
    return;
  }
  if (url.protocol !== 'https:') ctx.addIssue({ code: 'custom', message: `must use https (got '${url.protocol.replace(/:$/, '')}')` });
  else if (url.username || url.password) ctx.addIssue({ code: 'custom', message: 'must not contain credentials' });
});

const IsoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date like 2026-11-23')
  // Runs even when the format check failed (zod keeps checking), so an unparsable value must not throw here.
  .refine(
    (value) => {
      if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return true;
      const date = new Date(`${value}T00:00:00Z`);
      return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
    },
    { message: 'is not a calendar date' },
  );

// ---------------------------------------------------------------------------------------------------------
// Law 55.19, art. 7: no légalisation and no certified copies in an application file

// Patterns run on text folded as search folds it (`normaliseForSearch`: no accents or diacritics, hamza on
// alef and ta marbuta folded, the article dropped from longer words, punctuation as spaces). Each names a
// demand for a legalised signature or a certified copy, in the words Moroccan forms use: «نسخة طبق الأصل» is
// the most frequent (the fold drops the hamza: «امضا»), «بإمضاء مصحح» turns «مصحح الإمضاء» around, and French writes «copie certifiée» with or
// without «conforme».
const FORBIDDEN_DEMANDS: readonly RegExp[] = [
  /\blegalis\w*/,
  /\bcertifi\w*(?: \w+)? conformes?\b/,
  /\bcopies? certifi\w*/,
  /\bcertifiee?s?\b/,
  /\bcopies? conformes?\b/,
  /\bconformes? a l original\b/,
  /مصادق\S*/,
  /مطابق\S* (?:ل\S*)?اصل\S*/,
  /طبق (?:ال)?اصل\S*/,
  /(?:تصحيح|مصحح\S*) (?:ال)?(?:امضا|توقيع)\S*/,
  /(?:امضا|توقيع)\S* (?:ال)?مصحح\S*/,
  /(?:ال)?اشهاد علي \S*مطابق\S*/,
];

/** The words of `text` that demand légalisation or a certified copy, or null. */
export function findLaw5519Violation(text: string): string | null {
  const folded = normaliseForSearch(text);
  for (const pattern of FORBIDDEN_DEMANDS) {
    const match = folded.match(pattern);
    if (match) return match[0];
  }
  return null;
}

// Copies of the acts a civil-status office keeps (on text folded as search folds it): extracts, full
// copies, fiches.
const OWN_CIVIL_STATUS_ACTS: readonly RegExp[] = [
  /\b(?:extrait|copie integrale|copie)s? d acte\b(?: (?:de|du|des|d)\b)?(?: \S+)?/,
  /\bfiche (?:individuelle|familiale)\b/,
  /نسخه (?:موجزه|كامله) من رسم \S+/,
  /(?:ال)?بطاقه (?:ال)?(?:شخصيه|عائليه) (?:لل)?حاله (?:ال)?مدنيه/,
];

/** The words of `text` naming a copy of a civil-status act, or null. */
function findOwnCivilStatusAct(text: string): string | null {
  const folded = normaliseForSearch(text);
  for (const pattern of OWN_CIVIL_STATUS_ACTS) {
    const match = folded.match(pattern);
    if (match) return match[0].trim();
  }
  return null;
}

// ---------------------------------------------------------------------------------------------------------
// Schemas

export const CategorySchema = z.strictObject({
  code: Code,
  /** Position in lists, from 1; unique. */
  order: z.number().int().positive(),
  /** Icon name from the web's icon set (lucide names), kebab-case. */
  icon: Code,
  names: Names,
  description: LocalizedText.optional(),
});

export const CategoriesFileSchema = z.strictObject({ categories: z.array(CategorySchema).min(1, 'must list at least one category') });

const DocumentSchema = z.strictObject({
  ar: ArText,
  fr: FrText,
  zgh: ZghText.optional(),
  /** Asked only in some cases (the note says which). */
  optional: z.boolean().default(false),
  note: LocalizedText.optional(),
});

/**
 * How cost notes name the commune's own tariff decision, or say that the commune sets the amount («selon la
 * commune», «حسب الجماعة»), on folded text: such a fee is the commune's tariff, not a "variable" one.
 */
const COMMUNE_TARIFF = [
  /\barrete (?:fiscal|communal|tarifaire)\b/,
  /(?:ال)?قرار (?:ال)?جبائي/,
  /\b(?:selon|fixee?s? par|depend de) (?:la|chaque) commune\b/,
  /(?:حسب|تحدده|يحدده|تحددها|يحددها) (?:ال)?جماع[هة]/,
];

const CostSchema = z
  .strictObject({
    kind: z.enum(COST_KINDS),
    /** Dirhams; only for `fixed`. */
    amountMad: z.number().optional(),
    note: LocalizedText.optional(),
  })
  .superRefine((cost, ctx) => {
    if (cost.kind === 'fixed') {
      if (cost.amountMad === undefined) ctx.addIssue({ code: 'custom', path: ['amountMad'], message: 'is required when kind is fixed' });
      else if (!(cost.amountMad > 0)) {
        ctx.addIssue({ code: 'custom', path: ['amountMad'], message: `must be a positive amount in dirhams, got ${cost.amountMad} (use kind: free when there is no fee)` });
      }
    } else if (cost.amountMad !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['amountMad'], message: `is only allowed when kind is fixed (explain a '${cost.kind}' cost in note)` });
    }
    // "varies" without a word on what it depends on leaves the resident where they started.
    if (cost.kind === 'varies' && !cost.note) ctx.addIssue({ code: 'custom', path: ['note'], message: 'is required when kind is varies (say what the amount depends on)' });
    // A fee the commune sets is not "variable": it is in the commune's tariff, and the card must say so.
    if (cost.kind === 'varies' && cost.note && COMMUNE_TARIFF.some((words) => words.test(normaliseForSearch(cost.note?.ar ?? '')) || words.test(normaliseForSearch(cost.note?.fr ?? '')))) {
      ctx.addIssue({ code: 'custom', path: ['kind'], message: "names the commune's tariff decision (arrêté fiscal): use kind: tariff" });
    }
  });

const DelaySchema = z
  .strictObject({
    typical: LocalizedText.optional(),
    /** Legal maximum in calendar days, where the law sets one. */
    maxDays: z.number().int().positive().optional(),
    /** The request is deemed granted when maxDays pass without an answer. */
    silenceMeansAcceptance: z.boolean().optional(),
    /** Allows maxDays above law 55.19's 60 days; `ref` must be one of the service's legalBasis refs. */
    maxDaysException: z.strictObject({ ref: Text, note: LocalizedText.optional() }).optional(),
  })
  .superRefine((delay, ctx) => {
    if (!delay.typical && delay.maxDays === undefined) ctx.addIssue({ code: 'custom', path: ['typical'], message: 'is required when maxDays is not given (say how long it takes)' });
    if (delay.silenceMeansAcceptance && delay.maxDays === undefined) {
      ctx.addIssue({ code: 'custom', path: ['silenceMeansAcceptance'], message: 'needs maxDays: silence can only mean acceptance after a stated deadline' });
    }
  });

const WhereSchema = z
  .strictObject({
    kind: z.enum(WHERE_KINDS),
    officeKind: z.enum(OFFICE_KINDS).optional(),
    onlinePlatform: z.strictObject({ code: z.enum(PLATFORM_CODES), url: HttpsUrl }).optional(),
  })
  .superRefine((where, ctx) => {
    if (where.kind === 'elsewhere') {
      // Another body's desk and channel are named in handledBy; the commune's offices and platforms do not apply.
      if (where.officeKind) ctx.addIssue({ code: 'custom', path: ['officeKind'], message: 'is not allowed when kind is elsewhere (name the body in handledBy)' });
      if (where.onlinePlatform) ctx.addIssue({ code: 'custom', path: ['onlinePlatform'], message: 'is not allowed when kind is elsewhere (link the body in handledBy.url)' });
      return;
    }
    const atOffice = where.kind !== 'online';
    const online = where.kind !== 'office';
    if (atOffice && !where.officeKind) ctx.addIssue({ code: 'custom', path: ['officeKind'], message: `is required when kind is ${where.kind}` });
    if (!atOffice && where.officeKind) ctx.addIssue({ code: 'custom', path: ['officeKind'], message: 'is not allowed when kind is online (use kind: both)' });
    if (online && !where.onlinePlatform) ctx.addIssue({ code: 'custom', path: ['onlinePlatform'], message: `is required when kind is ${where.kind}` });
    if (!online && where.onlinePlatform) ctx.addIssue({ code: 'custom', path: ['onlinePlatform'], message: 'is not allowed when kind is office (use kind: both)' });
    if (where.onlinePlatform) {
      const { code, url } = where.onlinePlatform;
      const host = ONLINE_PLATFORMS[code]?.host ?? '';
      // An unparsable URL has already been reported by HttpsUrl.
      const actual = URL.canParse(url) ? new URL(url).hostname : host;
      if (actual !== host && !actual.endsWith(`.${host}`)) {
        ctx.addIssue({ code: 'custom', path: ['onlinePlatform', 'url'], message: `must be on ${host} for platform '${code}', got ${actual}` });
      }
    }
  });

const LegalRefSchema = z.strictObject({
  /** Short citation, e.g. "Loi n° 37.99" or "Décret n° 2.18.475"; what maxDaysException.ref points to. */
  ref: Text,
  title: LocalizedText.optional(),
});

const KeywordsSchema = z
  .strictObject({
    ar: z.array(ArText).optional(),
    /** Every Latin-script term: French, and Darija or Amazigh typed in Latin letters ("tasdi9", "kounach"), or digits ("3737"). */
    fr: z
      .array(Text.refine((text) => !/[\p{Script=Arabic}\p{Script=Tifinagh}]/u.test(text), { message: 'must be written in Latin letters or digits' }))
      .optional(),
    zgh: z.array(ZghText).optional(),
  })
  .default({});

const ContactSchema = z
  .strictObject({
    phone: z
      .string()
      .regex(/^\+?[0-9](?:[0-9 ]{0,18}[0-9])?$/, 'must be a phone number of digits and spaces, e.g. 3737 or +212 5 22 00 00 00')
      .optional(),
    email: z.email('must be an e-mail address').optional(),
    url: HttpsUrl.optional(),
    note: LocalizedText.optional(),
  })
  .refine((contact) => contact.phone ?? contact.email ?? contact.url, { message: 'must give a phone, an email or a url' });

/** An https URL on one host (or a sub-domain of it). */
function urlOn(host: string) {
  return HttpsUrl.superRefine((value, ctx) => {
    if (!URL.canParse(value)) return;
    const actual = new URL(value).hostname;
    if (actual !== host && !actual.endsWith(`.${host}`)) ctx.addIssue({ code: 'custom', message: `must be on ${host}, got ${actual}` });
  });
}

/** The body that handles a pointer card's request, and where to reach it. */
const HandledBySchema = z.strictObject({
  /** The body's own Amazigh name, when it has one (a translator supplies it; the page falls back to ar/fr). */
  names: z.strictObject({ ar: ArText, fr: FrText, zgh: ZghName.optional() }),
  /** Its own site or online procedure; only a URL seen to exist. */
  url: HttpsUrl.optional(),
  note: LocalizedText.optional(),
});

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
/**
 * A procedure page on idarati.ma in its French form: `https://idarati.ma/informationnel/fr/thematique/<thematicId>/<procedureId>`
 * (lowercase UUIDs; `www.` optional). The service page links the Arabic form (`/ar/`) on Arabic pages: `idaratiLink` in web/src/lib/catalogue/present.ts.
 */
export const IDARATI_PROCEDURE_URL = new RegExp(`^https://(?:www\\.)?idarati\\.ma/informationnel/fr/thematique/(${UUID})/(${UUID})$`);

/** The procedure as published on idarati.ma (law 55.19: the only legitimate list of documents). */
const IdaratiSchema = z
  .strictObject({
    // Another host or an unparsable value is reported by urlOn already; one message per problem.
    url: urlOn('idarati.ma').refine((value) => !URL.canParse(value) || !/(?:^|\.)idarati\.ma$/.test(new URL(value).hostname) || IDARATI_PROCEDURE_URL.test(value), {
      message: 'must be a procedure page in French: https://idarati.ma/informationnel/fr/thematique/<thematicId>/<procedureId> (lowercase UUIDs)',
    }),
    /** The procedure's identifier on idarati.ma (the URL's last segment), when given. */
    procedureId: z.string().regex(new RegExp(`^${UUID}$`), 'must be a lowercase UUID like 93b978be-cb38-4d28-9c0c-544bcab6dd81').optional(),
  })
  .superRefine((idarati, ctx) => {
    const procedure = IDARATI_PROCEDURE_URL.exec(idarati.url)?.[2];
    if (procedure && idarati.procedureId && idarati.procedureId !== procedure) {
      ctx.addIssue({ code: 'custom', path: ['procedureId'], message: `must be the URL's procedure (${procedure}), got ${idarati.procedureId}` });
    }
  });

/** Every resident-facing text of a card that may carry Amazigh, with its path (keywords excluded). */
function translatableTexts(service: ServiceInput): [string, { zgh?: string | undefined }][] {
  const texts: [string, { zgh?: string | undefined } | undefined][] = [
    ['summary', service.summary],
    ['eligibility', service.eligibility],
    ...service.documents.flatMap((d, i): [string, { zgh?: string | undefined } | undefined][] => [[`documents.${i}`, d], [`documents.${i}.note`, d.note]]),
    ...service.steps.map((step, i): [string, { zgh?: string | undefined }] => [`steps.${i}`, step]),
    ['cost.note', service.cost.note],
    ['delay.typical', service.delay.typical],
    ['delay.maxDaysException.note', service.delay.maxDaysException?.note],
    ...service.legalBasis.map((basis, i): [string, { zgh?: string | undefined } | undefined] => [`legalBasis.${i}.title`, basis.title]),
    ['contact.note', service.contact?.note],
    ['handledBy.note', service.handledBy?.note],
  ];
  return texts.filter((entry): entry is [string, { zgh?: string | undefined }] => entry[1] !== undefined);
}

/** Issues found on a whole service (cross-field rules). */
function checkService(service: ServiceInput, ctx: z.RefinementCtx): void {
  const pointer = service.kind === 'pointer';
  if (pointer && !service.handledBy) ctx.addIssue({ code: 'custom', path: ['handledBy'], message: 'is required when kind is pointer (say which body handles it)' });
  if (!pointer && service.handledBy) ctx.addIssue({ code: 'custom', path: ['handledBy'], message: 'is only allowed when kind is pointer' });
  if (pointer && service.where.kind !== 'elsewhere') ctx.addIssue({ code: 'custom', path: ['where', 'kind'], message: 'must be elsewhere when kind is pointer' });
  if (!pointer && service.where.kind === 'elsewhere') ctx.addIssue({ code: 'custom', path: ['where', 'kind'], message: 'is only allowed when kind is pointer' });
  // The other body publishes its own list: a copy here would go stale and mislead.
  if (pointer && service.documents.length > 0) ctx.addIssue({ code: 'custom', path: ['documents'], message: 'must be empty when kind is pointer (the body that handles it publishes its own list)' });
  if (!pointer && service.legalBasis.length === 0) ctx.addIssue({ code: 'custom', path: ['legalBasis'], message: 'must cite at least one legal text' });

  // A card translated in full says so; then no resident-facing text may be left without its Amazigh.
  if (service.translationStatus?.zgh) {
    for (const [at, text] of translatableTexts(service)) {
      if (!text.zgh) {
        ctx.addIssue({ code: 'custom', path: [...at.split('.').map((key) => (/^\d+$/.test(key) ? Number(key) : key)), 'zgh'], message: `is required when translationStatus.zgh is ${service.translationStatus.zgh}` });
        break;
      }
    }
  }

  // Law 55.19: the office that keeps the civil-status registers does not ask a resident for a copy of its own act.
  if (service.where.officeKind === 'civil_status') {
    service.documents.forEach((document, i) => {
      if (document.optional && document.note) return;
      const words = findOwnCivilStatusAct(`${document.ar} ${document.fr}`);
      if (words) {
        ctx.addIssue({
          code: 'custom',
          path: ['documents', i],
          message: `demands a civil-status act ("${words}") from the office that holds it: drop it, or make it optional with a note saying when (an act registered in another commune)`,
        });
      }
    });
  }

  service.audiences.forEach((audience, i) => {
    if (service.audiences.indexOf(audience) !== i) ctx.addIssue({ code: 'custom', path: ['audiences', i], message: `duplicate audience '${audience}'` });
  });

  if (service.category !== CERTIFICATION_CATEGORY) {
    service.documents.forEach((document, i) => {
      const texts: [string, string | undefined][] = [
        ['ar', document.ar],
        ['fr', document.fr],
        ['zgh', document.zgh],
        ['note.ar', document.note?.ar],
        ['note.fr', document.note?.fr],
      ];
      for (const [key, text] of texts) {
        const words = text === undefined ? null : findLaw5519Violation(text);
        if (words) {
          ctx.addIssue({
            code: 'custom',
            path: ['documents', i, ...key.split('.')],
            message: `demands légalisation or a certified copy ("${words}"): law 55.19 (art. 7) forbids requiring them in an application file`,
          });
          return;
        }
      }
    });
  }

  const { maxDays, maxDaysException } = service.delay;
  if (maxDays !== undefined && maxDays > LAW_55_19_MAX_DAYS && !maxDaysException) {
    ctx.addIssue({
      code: 'custom',
      path: ['delay', 'maxDays'],
      message: `${maxDays} days exceeds the ${LAW_55_19_MAX_DAYS}-day maximum of law 55.19; if another text allows it, set delay.maxDaysException with its legal reference`,
    });
  }
  if (maxDaysException) {
    if (maxDays === undefined || maxDays <= LAW_55_19_MAX_DAYS) {
      ctx.addIssue({ code: 'custom', path: ['delay', 'maxDaysException'], message: `is only allowed when maxDays exceeds ${LAW_55_19_MAX_DAYS}` });
    } else if (!service.legalBasis.some((basis) => basis.ref === maxDaysException.ref)) {
      ctx.addIssue({
        code: 'custom',
        path: ['delay', 'maxDaysException', 'ref'],
        message: `'${maxDaysException.ref}' must be one of the service's legalBasis refs (${service.legalBasis.map((b) => `'${b.ref}'`).join(', ')})`,
      });
    }
  }

  if (service.facts === 'sourced' && service.sources.length === 0) {
    ctx.addIssue({ code: 'custom', path: ['sources'], message: 'is required when facts is sourced (name where the facts come from)' });
  }
  if (service.facts === 'typical' && service.typicalFields.length > 0) {
    ctx.addIssue({ code: 'custom', path: ['typicalFields'], message: 'is not allowed when facts is typical (every field is then typical)' });
  }
  service.typicalFields.forEach((field, i) => {
    if (service.typicalFields.indexOf(field) !== i) ctx.addIssue({ code: 'custom', path: ['typicalFields', i], message: `duplicate field '${field}'` });
  });
  if (service.typicalFields.includes('contact') && !service.contact) {
    ctx.addIssue({ code: 'custom', path: ['typicalFields'], message: "lists 'contact' but the service has no contact" });
  }
}

const ServiceShape = z.strictObject({
  code: Code,
  /** `service` (the commune delivers it) or `pointer` (another body does; see handledBy). */
  kind: z.enum(SERVICE_KINDS).default('service'),
  category: Code,
  audiences: z.array(z.enum(AUDIENCES)).min(1, 'must list at least one audience'),
  names: Names,
  /** What the service is. */
  summary: LocalizedText,
  /** Who may ask. */
  eligibility: LocalizedText,
  /** The file to bring, as published nationally (idarati.ma); may be empty (e.g. a phone call). */
  documents: z.array(DocumentSchema),
  steps: z.array(LocalizedText).min(1, 'must list at least one step'),
  cost: CostSchema,
  delay: DelaySchema,
  where: WhereSchema,
  /** At least one for a service (checked in checkService); a pointer may have none. */
  legalBasis: z.array(LegalRefSchema),
  keywords: KeywordsSchema,
  contact: ContactSchema.optional(),
  /** For a pointer card: the body that handles it. */
  handledBy: HandledBySchema.optional(),
  /** The procedure on idarati.ma, where one is published (only URLs seen to exist). */
  idarati: IdaratiSchema.optional(),
  /** How often residents need it: 1 is the most asked for. Lists order by it, then by name. */
  frequencyRank: z.number().int().positive().optional(),
  /** Set when every resident-facing text has its Amazigh: `draft` until a qualified translator reviews it. */
  translationStatus: z.strictObject({ zgh: z.enum(TRANSLATION_STATUSES) }).optional(),
  /** `sourced`: the facts come from the cited sources, except `typicalFields`; `typical`: all are typical practice. */
  facts: z.enum(FACT_STATUSES),
  typicalFields: z.array(z.enum(TYPICAL_FIELDS)).default([]),
  sources: z.array(Text).default([]),
  lastReviewed: IsoDate,
});
type ServiceInput = z.output<typeof ServiceShape>;

export const ServiceSchema = ServiceShape.superRefine(checkService);

export type Category = z.output<typeof CategorySchema>;
export type Service = z.output<typeof ServiceSchema>;
export type LocalizedText = z.output<typeof LocalizedText>;

export interface Catalogue {
  /** `<latest lastReviewed>.<12 hex of the SHA-256 of the content>`; changes whenever any validated value changes. */
  version: string;
  /** In `order`. */
  categories: Category[];
  /** By category order, then code. */
  services: Service[];
}

// ---------------------------------------------------------------------------------------------------------
// Reading and validating one file

/** Problems found by readYaml and validate, as CatalogueErrors under the code `codeAt` gives for the offending value. */
function catalogueErrors(file: string, codeAt: (issuePath: readonly PropertyKey[]) => string): DataFileErrorFactory {
  return (field, reason, issuePath) => new CatalogueError(file, codeAt(issuePath), field, reason);
}

const INVALID_FILE = 'invalid catalogue file';

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function loadCategories(file: string): Category[] {
  const data = readYaml(file, catalogueErrors(file, () => WHOLE_FILE));
  // A problem inside categories[i] is reported under that category's code, when it has a usable one.
  const codeAt = (issuePath: readonly PropertyKey[]) => {
    const index = issuePath[0] === 'categories' ? issuePath[1] : undefined;
    const list = isRecord(data) ? data.categories : undefined;
    const entry = typeof index === 'number' && Array.isArray(list) ? list[index] : undefined;
    return isRecord(entry) && typeof entry.code === 'string' && entry.code ? entry.code : index === undefined ? WHOLE_FILE : `categories[${String(index)}]`;
  };
  const { categories } = validate(CategoriesFileSchema, data, catalogueErrors(file, codeAt), INVALID_FILE);
  const seenCode = new Map<string, number>();
  const seenOrder = new Map<number, number>();
  categories.forEach((category, i) => {
    const first = seenCode.get(category.code);
    if (first !== undefined) throw new CatalogueError(file, category.code, `categories[${i}].code`, `duplicate category code '${category.code}' (already categories[${first}])`);
    seenCode.set(category.code, i);
    const sameOrder = seenOrder.get(category.order);
    if (sameOrder !== undefined) {
      throw new CatalogueError(file, category.code, `categories[${i}].order`, `duplicate order ${category.order} (already categories[${sameOrder}], '${categories[sameOrder]?.code}')`);
    }
    seenOrder.set(category.order, i);
  });
  return [...categories].sort((a, b) => a.order - b.order);
}

function loadService(file: string): Service {
  const stem = path.basename(file).replace(/\.ya?ml$/, '');
  const data = readYaml(file, catalogueErrors(file, () => stem));
  const codeAt = () => (isRecord(data) && typeof data.code === 'string' && data.code ? data.code : stem);
  const service = validate(ServiceSchema, data, catalogueErrors(file, codeAt), INVALID_FILE);
  // The file name is the service's URL and the key communes override by: the two must not drift apart.
  if (service.code !== stem) throw new CatalogueError(file, service.code, 'code', `must match the file name: expected '${stem}' (from ${path.basename(file)}), got '${service.code}'`);
  return service;
}

/** JSON with object keys sorted, so that the hash depends on content, not on key order in the YAML. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (isRecord(value)) {
    const entries = Object.keys(value)
      .filter((key) => value[key] !== undefined)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonicalJson(value[key])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * A catalogue's content-derived version: `<latest lastReviewed>.<12 hex of the SHA-256 of the content>`
 * (the loader's, and the operator's drafts' when published).
 */
export function catalogueVersion(content: { categories: readonly unknown[]; services: readonly Pick<Service, 'lastReviewed'>[] }): string {
  const hash = createHash('sha256').update(canonicalJson({ categories: content.categories, services: content.services })).digest('hex');
  const latestReview = content.services.reduce((latest, s) => (s.lastReviewed > latest ? s.lastReviewed : latest), '0000-00-00');
  return `${latestReview}.${hash.slice(0, 12)}`;
}

// ---------------------------------------------------------------------------------------------------------
// Public loader

/**
 * Loads `<dir>/categories.yaml` and every `<dir>/services/*.yaml` (or `.yml`), validates each file and the
 * references between them, and returns the catalogue with a content-derived version. Throws a CatalogueError on
 * the first problem.
 *
 * @example
 * const { version, services } = loadCatalogue();
 * services.find((s) => s.code === 'signature-legalisation')?.where.officeKind // 'legalisation'
 */
export function loadCatalogue(dir: string | URL = CATALOGUE_DIR): Catalogue {
  const root = dir instanceof URL ? fileURLToPath(dir) : path.resolve(dir);
  const categoriesFile = path.join(root, 'categories.yaml');
  const categories = loadCategories(categoriesFile);
  const categoryOrder = new Map(categories.map((c) => [c.code, c.order]));

  const servicesDir = path.join(root, 'services');
  let names: string[];
  try {
    names = readdirSync(servicesDir);
  } catch (error) {
    throw new CatalogueError(servicesDir, WHOLE_FILE, ROOT_FIELD, `cannot read folder (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  const files = names
    .filter((name) => /\.ya?ml$/.test(name))
    .sort()
    .map((name) => path.join(servicesDir, name));
  if (files.length === 0) throw new CatalogueError(servicesDir, WHOLE_FILE, ROOT_FIELD, 'no service files (*.yaml)');

  const byCode = new Map<string, string>();
  // Two services sharing a name in one language cannot be told apart in a list or a search result.
  const byName = new Map<string, string>();
  const services = files.map((file) => {
    const service = loadService(file);
    if (!categoryOrder.has(service.category)) {
      throw new CatalogueError(file, service.code, 'category', `unknown category '${service.category}' (${displayPath(categoriesFile)} has ${[...categoryOrder.keys()].join(', ')})`);
    }
    const owner = byCode.get(service.code);
    if (owner) throw new CatalogueError(file, service.code, 'code', `duplicate service code '${service.code}' (already defined in ${displayPath(owner)})`);
    byCode.set(service.code, file);
    for (const locale of ['ar', 'fr', 'zgh'] as const) {
      const key = `${locale}:${locale === 'fr' ? service.names.fr.toLocaleLowerCase('fr') : service.names[locale]}`;
      const other = byName.get(key);
      if (other) throw new CatalogueError(file, service.code, `names.${locale}`, `same name as service '${other}'`);
      byName.set(key, service.code);
    }
    return service;
  });

  services.sort((a, b) => (categoryOrder.get(a.category) ?? 0) - (categoryOrder.get(b.category) ?? 0) || a.code.localeCompare(b.code));
  return { version: catalogueVersion({ categories, services }), categories, services };
}
