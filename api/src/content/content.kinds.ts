import { z } from '@hono/zod-openapi';
import { WEEKDAYS } from '@jamaa/tenants/weekdays.ts';

/**
 * The kinds of content and the windows (public sections) that show them. A kind's own fields are a JSON
 * object checked by its schema below (`KIND_FIELDS`); texts inside are `{ar, fr, zgh}`.
 */

/** A text in the tenant's languages; any may be missing (the reader falls back). */
export const LocalText = z
  .object({ ar: z.string().trim().max(2000).optional(), fr: z.string().trim().max(2000).optional(), zgh: z.string().trim().max(2000).optional() })
  .strict();
export type LocalText = z.infer<typeof LocalText>;

const Mad = z.number().min(0).max(1e12);
const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const Url = z.url({ protocol: /^https?$/ }).max(500);
const Location = z.object({ lat: z.number().min(20.5).max(36), lng: z.number().min(-17.5).max(-0.9) }).strict();

/** The national procurement portal: a tender's link must point there. */
export const PROCUREMENT_PORTAL = /^https:\/\/(www\.)?marchespublics\.gov\.ma\//;

/**
 * Where a legal text's publication may be linked: the Bulletin officiel des collectivités territoriales on
 * the DGCT's portal (shared/DOMAIN.md, "Publicity"), or the national Bulletin officiel of the Secretariat
 * General of the Government. Over https only; another host (a copy on a blog, a look-alike domain) is a 422.
 */
export const BULLETIN_HOSTS = ['collectivites-territoriales.gov.ma', 'www.collectivites-territoriales.gov.ma', 'sgg.gov.ma', 'www.sgg.gov.ma'] as const;
const BulletinUrl = z
  .url({ protocol: /^https$/, hostname: new RegExp(`^(?:${BULLETIN_HOSTS.map((h) => h.replaceAll('.', '\\.')).join('|')})$`) })
  .max(500);

const Vote = z
  .object({
    title: LocalText,
    votesFor: z.number().int().min(0).max(1000).optional(),
    votesAgainst: z.number().int().min(0).max(1000).optional(),
    abstentions: z.number().int().min(0).max(1000).optional(),
    adopted: z.boolean(),
  })
  .strict();

export const KIND_FIELDS = {
  /** The city page: presentation, history, assets. */
  city_page: z.object({ section: z.enum(['presentation', 'history', 'assets', 'other']).default('presentation') }).strict(),
  council_member: z
    .object({
      role: z.enum(['president', 'vice_president', 'secretary', 'deputy_secretary', 'rapporteur', 'member']).default('member'),
      party: z.string().trim().max(120).optional(),
      order: z.number().int().min(0).max(1000).default(100),
    })
    .strict(),
  committee: z.object({ chair: z.string().trim().max(200).optional(), members: z.array(z.string().trim().max(200)).max(60).default([]) }).strict(),
  action_programme: z
    .object({
      fromYear: z.number().int().min(2000).max(2100),
      toYear: z.number().int().min(2000).max(2100),
      axes: z.array(z.object({ title: LocalText, budgetMad: Mad.optional() }).strict()).max(40).default([]),
    })
    .strict(),
  /** A council session: its date is the item's `eventAt`. */
  session: z
    .object({
      type: z.enum(['ordinary', 'extraordinary']),
      place: LocalText.optional(),
      agenda: z.array(LocalText).max(80).default([]),
      decisions: z.array(Vote).max(80).default([]),
      /** When the summary of decisions was posted (due within 8 days of the session). */
      summaryPublishedOn: Day.optional(),
      broadcastUrl: Url.optional(),
      recordingUrl: Url.optional(),
    })
    .strict(),
  legal_text: z
    .object({
      type: z.enum(['arrete', 'decision', 'convention', 'partnership']),
      reference: z.string().trim().max(80).optional(),
      signedOn: Day.optional(),
      /** Its publication in the Bulletin officiel of the territorial collectivities (`BULLETIN_HOSTS`). */
      bulletinUrl: BulletinUrl.optional(),
      bulletinIssue: z.string().trim().max(40).optional(),
    })
    .strict(),
  project: z
    .object({
      status: z.enum(['planned', 'in_progress', 'completed']),
      budgetMad: Mad.optional(),
      startOn: Day.optional(),
      endOn: Day.optional(),
      progress: z.number().int().min(0).max(100).default(0),
      location: Location.optional(),
      district: LocalText.optional(),
    })
    .strict(),
  document: z
    .object({ type: z.enum(['budget', 'accounts', 'technical_report', 'financial_report', 'other']), year: z.number().int().min(2000).max(2100).optional(), amountMad: Mad.optional() })
    .strict(),
  tender: z
    .object({
      reference: z.string().trim().min(1).max(80),
      /** Closing date and time of the call (`eventAt` mirrors it for ordering). */
      deadline: z.iso.datetime({ offset: true }),
      status: z.enum(['open', 'closed', 'awarded', 'unsuccessful', 'cancelled']),
      result: LocalText.optional(),
      awardee: z.string().trim().max(200).optional(),
      amountMad: Mad.optional(),
      estimateMad: Mad.optional(),
      portalUrl: Url.regex(PROCUREMENT_PORTAL).optional(),
    })
    .strict(),
  purchase_forecast: z
    .object({
      year: z.number().int().min(2000).max(2100),
      items: z.array(z.object({ object: LocalText, kind: z.enum(['works', 'supplies', 'services']), estimateMad: Mad.optional(), quarter: z.number().int().min(1).max(4).optional() }).strict()).max(200).default([]),
    })
    .strict(),
  news: z.object({ category: z.enum(['news', 'activity']).default('news') }).strict(),
  /** A notice shows as a banner on every page until the item's `expiresAt`. */
  notice: z.object({ severity: z.enum(['info', 'warning', 'danger']).default('info'), category: z.enum(['office_closed', 'water_cut', 'weather', 'roadworks', 'other']).default('other') }).strict(),
  job_competition: z
    .object({
      reference: z.string().trim().max(80).optional(),
      posts: z.number().int().min(1).max(10000),
      grade: LocalText.optional(),
      deadline: Day,
      examOn: Day.optional(),
      status: z.enum(['open', 'closed', 'results']),
    })
    .strict(),
  grant_call: z
    .object({
      stage: z.enum(['call', 'beneficiaries', 'convention']),
      deadline: Day.optional(),
      budgetMad: Mad.optional(),
      beneficiaries: z.array(z.object({ name: z.string().trim().max(200), amountMad: Mad.optional() }).strict()).max(500).default([]),
    })
    .strict(),
  participation_body: z
    .object({ type: z.enum(['equality_commission', 'youth_council', 'children_council', 'other']), members: z.number().int().min(0).max(1000).optional() })
    .strict(),
  petition: z
    .object({
      status: z.enum(['collecting', 'submitted', 'accepted', 'rejected', 'on_agenda']),
      signatures: z.number().int().min(0).max(10_000_000),
      submittedOn: Day.optional(),
      decision: LocalText.optional(),
    })
    .strict(),
  elected_official: z
    .object({ district: LocalText, role: LocalText.optional(), receptionHours: LocalText.optional(), party: z.string().trim().max(120).optional() })
    .strict(),
  broadcast: z.object({ liveUrl: Url.optional(), recordingUrl: Url.optional(), session: z.string().max(80).optional() }).strict(),
  souk: z.object({ weekday: z.enum(WEEKDAYS), place: LocalText, location: Location.optional() }).strict(),
  school_transport: z.object({ routes: z.array(LocalText).max(50).default([]), vehicles: z.number().int().min(0).max(500).optional() }).strict(),
  water_point: z.object({ status: z.enum(['working', 'out_of_order']), location: Location.optional() }).strict(),
} as const;

export type ContentKind = keyof typeof KIND_FIELDS;
export const CONTENT_KINDS = Object.keys(KIND_FIELDS) as ContentKind[];

/** The public windows, their address below `/{locale}/`, and the kinds each lists. */
export const WINDOWS = {
  city: { path: 'city', kinds: ['city_page', 'souk', 'school_transport', 'water_point'] },
  council: { path: 'council', kinds: ['council_member', 'committee', 'action_programme', 'elected_official', 'broadcast'] },
  sessions: { path: 'council/sessions', kinds: ['session'] },
  legal: { path: 'legal', kinds: ['legal_text'] },
  projects: { path: 'projects', kinds: ['project'] },
  documents: { path: 'documents', kinds: ['document'] },
  tenders: { path: 'tenders', kinds: ['tender', 'purchase_forecast'] },
  news: { path: 'news', kinds: ['news'] },
  notices: { path: 'notices', kinds: ['notice'] },
  jobs: { path: 'jobs', kinds: ['job_competition'] },
  participation: { path: 'participation', kinds: ['participation_body', 'grant_call'] },
  petitions: { path: 'petitions', kinds: ['petition'] },
} as const satisfies Record<string, { path: string; kinds: readonly ContentKind[] }>;

export type ContentWindow = keyof typeof WINDOWS;
export const CONTENT_WINDOWS = Object.keys(WINDOWS) as ContentWindow[];

export function windowOf(kind: ContentKind): ContentWindow {
  for (const w of CONTENT_WINDOWS) if ((WINDOWS[w].kinds as readonly string[]).includes(kind)) return w;
  throw new Error(`no window shows ${kind}`);
}

/** The kind's fields, checked; a list of problems (path, code) when they are not valid. */
export function parseKindFields(kind: ContentKind, fields: unknown): { ok: true; value: Record<string, unknown> } | { ok: false; issues: { path: string; code: string }[] } {
  const parsed = KIND_FIELDS[kind].safeParse(fields ?? {});
  if (parsed.success) return { ok: true, value: parsed.data as Record<string, unknown> };
  return { ok: false, issues: parsed.error.issues.map((i) => ({ path: ['fields', ...i.path].join('.'), code: i.code })) };
}

/**
 * Petition thresholds of organic law 113.14 (art. 123 ff., as usually quoted): the minimum number of
 * supporters by commune size. UNVERIFIED: DOMAIN.md §1.4 flags them "about 100/200/400, verify,
 * possibly changed in 2021"; the search for the text found no authoritative copy. Shown with a note.
 * Searched again on 2026-12-06 (French and Arabic queries on arts. 121–125 and the 35,000-inhabitant
 * line): the only hits were organic law 44.14 (petitions to the government and parliament, not to
 * communes) and an unreadable scan of the dahir 1.15.85 (Bulletin officiel n° 6380,
 * vdocuments.pub/-11585-7-2015-.html) — nothing that states the figures or their 2021 amendment. Until
 * someone reads the text, every page that shows them says "threshold to be confirmed".
 */
export const PETITION_THRESHOLDS = { verified: false, small: 100, smallBelowPopulation: 35_000, other: 200, withArrondissements: 400 } as const;

/** The supporters a petition to this commune needs (see `PETITION_THRESHOLDS`, unverified). */
export function petitionThreshold(tenant: { kind: string; population: number | null; hasArrondissements: boolean }): number {
  if (tenant.hasArrondissements) return PETITION_THRESHOLDS.withArrondissements;
  if (tenant.population !== null && tenant.population < PETITION_THRESHOLDS.smallBelowPopulation) return PETITION_THRESHOLDS.small;
  return PETITION_THRESHOLDS.other;
}

/** Days after a session by which its summary of decisions is due (DOMAIN.md §1.4). */
export const SUMMARY_DUE_DAYS = 8;
