/**
 * Complaints: filing (web, counter, phone, Open311), the resident's private view, public tracking, the
 * public map and list, "me too", statistics; and the staff side (queue, assignment, replies, state changes,
 * redaction, photo review, merge, forward, settings, escalation). Every staff change is audited in its
 * transaction; every change that concerns a resident who gave an e-mail queues a mail in their language,
 * linking to their private page on the tenant's own origin.
 */
import { createHash, createHmac, randomBytes, randomUUID } from 'node:crypto';
import { remembering, type AppDeps } from '../app-deps.ts';
import { audit, recordAudit, type ChangeContext } from '../audit/audit.service.ts';
import { numberInline, parseTrackingNumber, formatTrackingNumber } from '../counters/counters.ts';
import type { Database } from '../db/database.ts';
import type { ComplaintChannel, ComplaintState, TenantNames, TenantRow } from '../db/schema.ts';
import { dueDate } from '../deadlines/deadlines.ts';
import { moroccanHolidays } from '../deadlines/holidays.ts';
import { localDateOf, localYearOf } from '../deadlines/local-time.ts';
import { LEGAL_DEADLINES } from '../deadlines/rules.ts';
import { deleteFiles, discardFile, findFile, openFile, recordFile, removeStoredObjects, storeUpload, type FileRow, type StoredFile } from '../files/files.service.ts';
import { blurImageRegion, type ImageRegion } from '../files/images.ts';
import { ANSWER_SLOT, type AnswerPart } from '../idempotency/idempotency.service.ts';
import { mailLocaleOf, queueMail, type QueuedMail } from '../mail/outbox.service.ts';
import { queueSms } from '../mail/sms.ts';
import { moroccanMobile } from '../shared/phone.ts';
import type { StaffPrincipal } from '../sessions/sessions.service.ts';
import { AppError } from '../shared/errors.ts';
import { readDirectly, type Remember } from '../shared/remember.ts';
import type { ResolvedTenant } from '../tenancy/tenant-directory.ts';
import { findTenantById, listChildTenants, listTenantIds } from '../tenancy/tenants.repository.ts';
import { withPlatform, withTenant, type TenantTx } from '../tenancy/unit-of-work.ts';
import { attributesOf, checkAnswers, describeAnswers } from './complaint-attributes.ts';
import { assertTransition, CLOSED_STATES, isOpen, OPEN_STATES, TRANSITIONS } from './complaint-states.ts';
import {
  countForDashboard,
  findComplaintById,
  findComplaintByTokenHash,
  findComplaintByTracking,
  findPhoto,
  findSettingsRow,
  findTrackingsByIds,
  insertNumberedComplaint,
  insertEvent,
  insertOpen311Key,
  insertPhoto,
  insertSupporter,
  listArrondissementsWithRights,
  listCategoryRows,
  listEvents,
  listForStatistics,
  listMemberEmails,
  listOpen311Keys,
  listPhotos,
  listPublicComplaints,
  listQueue,
  listReplyTemplateRows,
  lockComplaint,
  lockOverdueToEscalate,
  replaceCategoryRows,
  replacePhotoFile,
  replaceReplyTemplateRows,
  revokeOpen311Key,
  updateComplaint,
  updatePhotoStatus,
  upsertSettingsArea,
  useOpen311Key,
  type ComplaintEventRow,
  type ComplaintPhotoRow,
  type ComplaintRow,
  type SettingsRow,
} from './complaints.repository.ts';
import {
  HONEYPOT_FIELD,
  privateComplaintPath,
  type ComplaintArea,
  type ComplaintCategory,
  type ComplaintCategoryWithQuestions,
  type ComplaintStatistics,
  type FilingInput,
  type PrivateComplaint,
  type PublicComplaint,
  type QueueQuery,
  type StaffComplaint,
  type StaffComplaintDetail,
  type SubmissionResult,
} from './complaints.schemas.ts';

export type ComplaintDeps = Pick<AppDeps, 'db' | 'clock' | 'config' | 'mailer' | 'sms' | 'storage' | 'logger' | 'reads'>;

const SERIES = 'complaints';
const DAY_MS = 86_400_000;

// ---------------------------------------------------------------------------------------------------------
// Categories

/** The platform's categories, used by a tenant that has not configured its own. */
export const DEFAULT_CATEGORIES: readonly ComplaintCategory[] = [
  { code: 'street_lighting', names: { ar: 'الإنارة العمومية', fr: 'Éclairage public', zgh: 'ⴰⵙⵏⵓⵔ ⴰⴳⴷⵓⴷⴰⵏ' } },
  { code: 'roads', names: { ar: 'الطرق والأرصفة', fr: 'Voirie et trottoirs', zgh: 'ⵉⴱⵔⵉⴷⵏ ⴷ ⵉⵙⵓⵔⴰ' } },
  { code: 'cleanliness', names: { ar: 'النظافة والنفايات', fr: 'Propreté et déchets', zgh: 'ⵜⴰⵣⴷⴳⵉⵜ ⴷ ⵉⵣⴱⴰⵍⵏ' } },
  { code: 'green_spaces', names: { ar: 'المساحات الخضراء', fr: 'Espaces verts', zgh: 'ⵉⵙⵓⵔⴰ ⵉⵣⴳⵣⴰⵡⵏ' } },
  { code: 'noise', names: { ar: 'الضجيج', fr: 'Bruit', zgh: 'ⴰⵙⵖⵓⵢ' } },
  { code: 'stray_animals', names: { ar: 'الحيوانات الضالة', fr: 'Animaux errants', zgh: 'ⵉⵎⵓⴷⴰⵔ ⵉⵎⵓⵔⵔⵓⵢⵏ' } },
  { code: 'water_leaks', names: { ar: 'تسربات المياه', fr: 'Fuites d’eau', zgh: 'ⴰⵙⵙⵉⵔⵎⵉ ⵏ ⵡⴰⵎⴰⵏ' } },
  { code: 'public_buildings', names: { ar: 'البنايات العمومية', fr: 'Bâtiments publics', zgh: 'ⵉⵙⵙⵓⴽⴰ ⵉⴳⴷⵓⴷⴰⵏⵏ' } },
  { code: 'other', names: { ar: 'أخرى', fr: 'Autre', zgh: 'ⵢⴰⴹⵏ' } },
].map((c) => ({ ...c, deadlineDays: LEGAL_DEADLINES.complaintAnswer.days, department: null, active: true }));

async function categoriesIn(tx: TenantTx): Promise<ComplaintCategory[]> {
  const rows = await listCategoryRows(tx);
  if (rows.length === 0) return [...DEFAULT_CATEGORIES];
  return rows.map((r) => ({ code: r.code, names: r.names, deadlineDays: r.deadline_days, department: r.department, active: r.active }));
}

export async function listCategories(db: Database, resolved: ResolvedTenant, options: { all?: boolean; remember?: Remember } = {}): Promise<ComplaintCategory[]> {
  const { categories } = await submissionRules(db, resolved, options.remember ?? readDirectly);
  return options.all ? [...categories] : categories.filter((c) => c.active);
}

/** What a submission is checked against: the tenant's categories, and its settings (area, tracking prefix). */
interface SubmissionRules {
  categories: readonly ComplaintCategory[];
  settings: SettingsRow | undefined;
}

/**
 * The rules of the tenant's complaint form, in one unit of work; through the cache of public reads when
 * the route passes one, so that a submission opens one transaction, not two. They change only by a staff
 * write under `/admin/complaint-settings`, which drops the cached piece in every process (`announceWrites`);
 * a submission that races such a change is judged by the rules its resident saw.
 */
function submissionRules(db: Database, resolved: ResolvedTenant, remember: Remember): Promise<SubmissionRules> {
  return remember(RULES, () => withTenant(db, { id: resolved.tenant.id }, rulesIn));
}

/** The name of the form's rules in the cache of public reads. */
const RULES = 'complaint-rules';

async function rulesIn(tx: TenantTx): Promise<SubmissionRules> {
  return { categories: await categoriesIn(tx), settings: await findSettingsRow(tx) };
}

/** Categories as listed, each with the questions of its code (`complaint-attributes.ts`). */
export function withQuestions(categories: readonly ComplaintCategory[]): ComplaintCategoryWithQuestions[] {
  return categories.map((c) => ({ ...c, attributes: attributesOf(c.code).map((a) => ({ ...a, values: a.values ? [...a.values] : undefined })) }));
}

export async function replaceCategories(db: Database, resolved: ResolvedTenant, categories: ComplaintCategory[], by: ChangeContext): Promise<ComplaintCategory[]> {
  const codes = new Set(categories.map((c) => c.code));
  if (codes.size !== categories.length) throw new AppError('VALIDATION_FAILED', 'category codes must be unique', [{ path: 'categories', code: 'duplicate' }]);
  return withTenant(db, { id: resolved.tenant.id }, async (tx) => {
    const before = await categoriesIn(tx);
    await replaceCategoryRows(tx, categories);
    await audit(tx, by, { tenantId: tx.tenantId, action: 'complaint.categories_changed', target: { type: 'complaint_categories', id: tx.tenantId }, before, after: categories });
    return categoriesIn(tx);
  });
}

// ---------------------------------------------------------------------------------------------------------
// Location

/** Morocco, generously (Tangier to Lagouira, the Atlantic to Figuig). */
export const MOROCCO_BOX = { south: 20.7, west: -17.2, north: 35.95, east: -0.95 } as const;

function areaOf(settings: SettingsRow | undefined) {
  if (settings && settings.area_south !== null && settings.area_north !== null && settings.area_west !== null && settings.area_east !== null) {
    return { south: settings.area_south, west: settings.area_west, north: settings.area_north, east: settings.area_east, own: true };
  }
  return { ...MOROCCO_BOX, own: false };
}

/** The tenant's own box (null when it has set none) and Morocco's, for the console. */
export async function getComplaintArea(db: Database, resolved: ResolvedTenant): Promise<{ area: ComplaintArea | null; morocco: ComplaintArea }> {
  const settings = await withTenant(db, { id: resolved.tenant.id }, findSettingsRow);
  const { own, ...box } = areaOf(settings);
  const { south, west, north, east } = MOROCCO_BOX;
  return { area: own ? box : null, morocco: { south, west, north, east } };
}

/**
 * The tenant's own box for the resident's form, so that its map opens on the commune (null when it has set
 * none). Read with the form's rules (`submissionRules`), through the route's cache of public reads.
 */
export async function publicComplaintArea(db: Database, resolved: ResolvedTenant, remember: Remember = readDirectly): Promise<{ area: ComplaintArea | null }> {
  const { own, ...box } = areaOf((await submissionRules(db, resolved, remember)).settings);
  return { area: own ? box : null };
}

/**
 * An administrator sets the box a point on the map must fall in (or clears it: anywhere in Morocco). The box
 * lies inside Morocco and is not empty; each wrong edge is named. Audited with the box before and after.
 */
export async function setComplaintArea(db: Database, resolved: ResolvedTenant, area: ComplaintArea | null, by: ChangeContext): Promise<{ area: ComplaintArea | null; morocco: ComplaintArea }> {
  if (area) {
    const issues: { path: string; code: string }[] = [];
    const outside = (v: number, low: number, high: number) => v < low || v > high;
    for (const edge of ['south', 'north'] as const) if (outside(area[edge], MOROCCO_BOX.south, MOROCCO_BOX.north)) issues.push({ path: `area.${edge}`, code: 'area_outside_morocco' });
    for (const edge of ['west', 'east'] as const) if (outside(area[edge], MOROCCO_BOX.west, MOROCCO_BOX.east)) issues.push({ path: `area.${edge}`, code: 'area_outside_morocco' });
    if (area.south >= area.north && !issues.some((i) => i.path === 'area.north')) issues.push({ path: 'area.north', code: 'area_inverted' });
    if (area.west >= area.east && !issues.some((i) => i.path === 'area.east')) issues.push({ path: 'area.east', code: 'area_inverted' });
    if (issues.length > 0) throw new AppError('VALIDATION_FAILED', "the commune's area must be a box inside Morocco, south below north and west of east", issues);
  }
  await withTenant(db, { id: resolved.tenant.id }, async (tx) => {
    const { own, ...before } = areaOf(await findSettingsRow(tx));
    await upsertSettingsArea(tx, area, by.at);
    await audit(tx, by, { tenantId: tx.tenantId, action: 'complaint.area_changed', target: { type: 'complaint_settings', id: tx.tenantId }, before: { area: own ? before : null }, after: { area } });
  });
  return getComplaintArea(db, resolved);
}

function checkLocation(input: FilingInput, settings: SettingsRow | undefined): void {
  const located = input.latitude !== undefined && input.longitude !== undefined;
  if ((input.latitude === undefined) !== (input.longitude === undefined)) {
    throw new AppError('VALIDATION_FAILED', 'give both latitude and longitude', [{ path: input.latitude === undefined ? 'latitude' : 'longitude', code: 'required' }]);
  }
  if (!located && !input.address && !input.landmark) {
    throw new AppError('VALIDATION_FAILED', 'place the problem on the map, or give an address or a landmark', [{ path: 'address', code: 'location_required' }]);
  }
  if (located) {
    const area = areaOf(settings);
    const lat = input.latitude as number;
    const lon = input.longitude as number;
    if (lat < area.south || lat > area.north || lon < area.west || lon > area.east) {
      throw new AppError('LOCATION_OUTSIDE_AREA', area.own ? "the place is outside this commune's area" : 'the place is outside Morocco', { area: area.own ? 'tenant' : 'morocco' });
    }
  }
}

// ---------------------------------------------------------------------------------------------------------
// Filing

/** The private link's token of a complaint: an HMAC of its tenant and id, so that every mail can carry it; only its hash is stored. */
export function privateToken(secret: string, tenantId: string, complaintId: string): string {
  return createHmac('sha256', secret).update(`complaint-link|${tenantId}|${complaintId}`).digest('base64url');
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** The tracking prefix: the tenant's setting, else the first four letters of its slug (`casablanca` → `CASA`). */
export function trackingPrefix(tenant: Pick<TenantRow, 'slug'>, settings?: Pick<SettingsRow, 'prefix'>): string {
  if (settings?.prefix) return settings.prefix;
  const letters = tenant.slug.toUpperCase().replace(/[^A-Z0-9]/g, '');
  const prefix = /^[A-Z]/.test(letters) ? letters.slice(0, 4) : `C${letters.slice(0, 3)}`;
  return prefix.length >= 2 ? prefix : `${prefix}X`.padEnd(2, 'X');
}

export interface SubmitOptions {
  channel: ComplaintChannel;
  /** The staff member filing on a resident's behalf (counter, phone): the filing is audited. */
  by?: ChangeContext;
  open311Client?: string | null;
  /** Photos already stored (re-encoded) by `storeUpload`; recorded here, discarded if filing fails. */
  photos?: readonly StoredFile[];
  /** How the form's rules are read (`submissionRules`): the route's cache of public reads, or directly. */
  remember?: Remember;
  /**
   * The resident (or an agent for them) asked for the number and private link to go by SMS to `contactPhone`
   * too: it must be a Moroccan mobile, and the complaint not anonymous (checked before anything is written).
   * The SMS is in the complaint's language (`locale`), as its link.
   */
  sms?: boolean;
  /**
   * The idempotency key's answer, stored in the complaint's transaction (exactly once): by the complaint's own
   * statement (`part`, given the answer's JSON with its slot for the tracking number: no round trip of its
   * own), or after it (`within`) when the answer holds more than that statement knows (an SMS's status).
   */
  keyAnswer?: {
    /** Claims the key first in the complaint's own transaction (the claim, the complaint and its answer commit together); absent when the key was claimed before. */
    claim?: (tx: TenantTx) => Promise<void>;
    part: (json: string) => AnswerPart;
    within: (tx: TenantTx, answer: SubmissionResult) => Promise<void>;
  };
}

/**
 * The resident's mobile for an SMS, in E.164; a 422 naming `anonymous` when the complaint is asked to be
 * anonymous (the number would be kept), `contactPhone` when there is none or it is not a Moroccan mobile.
 */
function smsRecipient(input: Pick<FilingInput, 'anonymous' | 'contactPhone'>): string {
  if (input.anonymous) throw new AppError('VALIDATION_FAILED', "an SMS goes to the resident's number: a complaint that asks for one cannot be anonymous", [{ path: 'anonymous', code: 'sms_not_anonymous' }]);
  const phone = input.contactPhone;
  if (!phone) throw new AppError('VALIDATION_FAILED', "an SMS needs the resident's mobile number", [{ path: 'contactPhone', code: 'mobile_required' }]);
  const mobile = moroccanMobile(phone);
  if (!mobile) throw new AppError('VALIDATION_FAILED', 'not a Moroccan mobile number (06 or 07 and 8 digits, or +212…)', [{ path: 'contactPhone', code: 'not_moroccan_mobile' }]);
  return mobile;
}

function stepsDeadline(days: number, at: Date) {
  return dueDate({ start: at, days, kind: 'calendar', holidays: moroccanHolidays() });
}

/**
 * Files a complaint: checks the category and the place, takes the next tracking number in the same
 * transaction as the row (gap-free: a failure gives the number back), records the photos, the first step
 * and, for a resident who gave an e-mail, the acknowledgement. Answers the number and the private link's
 * token (shown once).
 */
export async function submitComplaint(deps: ComplaintDeps, resolved: ResolvedTenant, input: FilingInput, options: SubmitOptions): Promise<SubmissionResult & { id: string }> {
  const photos = options.photos ?? [];
  try {
    if (input[HONEYPOT_FIELD]) throw new AppError('SUBMISSION_REFUSED', 'this submission looks automated');
    const mobile = options.sms ? smsRecipient(input) : null;
    const tenant = resolved.tenant;
    const now = deps.clock();
    const id = randomUUID();
    const token = privateToken(deps.config.complaintLinkSecret, tenant.id, id);
    const anonymous = input.anonymous || (!input.contactName && !input.contactEmail && !input.contactPhone);
    const queued: QueuedMail[] = [];
    const remember = options.remember ?? readDirectly;
    const result = await withTenant(deps.db, { id: tenant.id }, async (tx) => {
      // The Idempotency-Key first, with the submission limit, in the same statement: a replay or a duplicate
      // stops here (rolled back, nothing written), and a refusal further on gives the key back with the rest.
      await options.keyAnswer?.claim?.(tx);
      // The form's rules (`submissionRules`), kept by the route's cache of public reads, else read here: in the
      // complaint's own transaction, not one of their own. Checked before anything is written: a refused
      // submission writes nothing and costs no tracking number (the transaction rolls back).
      const { categories, settings } = await remember(RULES, () => rulesIn(tx));
      const category = categories.find((c) => c.code === input.category && c.active);
      if (!category) throw new AppError('VALIDATION_FAILED', 'unknown category', [{ path: 'category', code: 'unknown_category' }]);
      const checked = checkAnswers(category.code, input.attributes);
      if ('issue' in checked) {
        const { code, issue, description } = checked.issue;
        throw new AppError('VALIDATION_FAILED', description, [{ path: `attribute[${code}]`, code: issue }]);
      }
      checkLocation(input, settings);
      const deadline = stepsDeadline(category.deadlineDays, now);
      for (const photo of photos) await recordFile(tx, photo);
      // The number, the row and its first event in one statement, as late as possible: the counter row stays
      // locked until this transaction ends.
      const number = numberInline({ tenantId: tenant.id, series: SERIES, prefix: trackingPrefix(tenant, settings), at: now });
      const locale = input.locale ?? mailLocaleOf(tenant);
      // The key's answer as JSON with a slot for the number, stored by the same statement, unless an SMS's status goes in it.
      const draft: SubmissionResult = { tracking: ANSWER_SLOT, token, privatePath: privateComplaintPath(locale, token), dueDate: deadline.dueDate, createdAt: now.toISOString() };
      const keyPart = !mobile && options.keyAnswer ? options.keyAnswer.part(JSON.stringify(draft)) : undefined;
      const { row, alsoWritten } = await insertNumberedComplaint(tx, number, {
        id,
        access_token_hash: hashToken(token),
        category: category.code,
        description: input.description,
        text_reviewed_at: null,
        latitude: input.latitude ?? null,
        longitude: input.longitude ?? null,
        address: input.address ?? null,
        landmark: input.landmark ?? null,
        anonymous,
        contact_name: anonymous ? null : (input.contactName ?? null),
        contact_email: anonymous ? null : (input.contactEmail?.toLowerCase() ?? null),
        contact_phone: anonymous ? null : (mobile ?? input.contactPhone ?? null),
        locale,
        channel: options.channel,
        state: 'received',
        department: category.department,
        assignee_id: null,
        deadline_days: category.deadlineDays,
        due_at: deadline.dueAt,
        due_date: deadline.dueDate,
        escalated_at: null,
        merged_into: null,
        forwarded_to: null,
        forward_reference: null,
        open311_client: options.open311Client ?? null,
        attributes: JSON.stringify(checked.answers),
        created_at: now,
        updated_at: now,
        closed_at: null,
      }, {
        at: now,
        kind: 'received',
        from_state: null,
        to_state: 'received',
        public: true,
        body: null,
        locale: null,
        author_id: options.by?.actor.id ?? null,
        author_name: null,
        details: { channel: options.channel },
      }, keyPart?.statement);
      if (row.tracking !== formatTrackingNumber({ prefix: number.prefix, year: row.year, number: row.number })) throw new Error(`complaint numbered ${row.tracking}, not as formatTrackingNumber writes it`);
      for (const photo of photos) await insertPhoto(tx, { fileId: photo.id, complaintId: row.id, at: now });
      if (options.by) {
        await audit(tx, options.by, { tenantId: tx.tenantId, action: 'complaint.filed_for_resident', target: { type: 'complaint', id: row.id, label: row.tracking }, after: { channel: options.channel, category: row.category } });
      }
      if (row.contact_email) {
        queued.push(
          await queueMail(tx, deps, tenant, { to: row.contact_email, locale: row.locale, template: { kind: 'complaint_received', tracking: row.tracking, dueDate: row.due_date }, path: privateComplaintPath(row.locale, token).slice(row.locale.length + 1) }, now),
        );
      }
      const answer: SubmissionResult = { tracking: row.tracking, token, privatePath: privateComplaintPath(row.locale, token), dueDate: row.due_date, createdAt: row.created_at.toISOString() };
      if (mobile) {
        // In the resident's language, as the link it carries and the receipt's (`queueSms`: the tenant's default if it does not publish that one).
        const sms = await queueSms(
          tx,
          deps,
          tenant,
          { to: mobile, locale: row.locale, template: { kind: 'complaint_received', tracking: row.tracking }, path: (locale) => privateComplaintPath(locale, token).slice(locale.length + 1) },
          now,
        );
        answer.sms = { to: mobile, status: sms.status };
      }
      if (keyPart) {
        // A replay must answer these very bytes: refused (rolled back) if the statement stored others.
        if (keyPart.bytesWith(row.tracking) !== JSON.stringify(answer)) throw new Error(`complaint ${row.tracking}: the stored answer is not the one given`);
        keyPart.settle(alsoWritten);
      } else await options.keyAnswer?.within(tx, answer);
      return answer;
    });
    if (queued.length > 0) deps.mailer.committed(queued);
    if (result.sms) deps.sms?.committed();
    return { id, ...result };
  } catch (err) {
    for (const photo of photos) await discardFile(deps.storage, photo, deps.logger);
    throw err;
  }
}

// ---------------------------------------------------------------------------------------------------------
// Views

const PUBLIC_STEP_KINDS = new Set(['received', 'state', 'reply', 'forwarded', 'merged']);

function isOverdue(row: ComplaintRow, now: Date): boolean {
  return isOpen(row.state) && row.merged_into === null && row.due_at.getTime() < now.getTime();
}

/** Photos as URLs: public ones for the public, all of one's own through the private link. */
function photoUrl(row: ComplaintPhotoRow, token?: string): string {
  return token ? `/api/v1/complaints/private/${token}/photos/${row.file_id}` : `/api/v1/complaints/photos/${row.file_id}`;
}

function publicView(row: ComplaintRow, events: ComplaintEventRow[], photos: ComplaintPhotoRow[], trackings: Map<string, string>, now: Date): PublicComplaint {
  const reviewed = row.text_reviewed_at !== null;
  return {
    tracking: row.tracking,
    category: row.category,
    state: row.state,
    createdAt: row.created_at.toISOString(),
    dueDate: row.due_date,
    closedAt: row.closed_at?.toISOString() ?? null,
    overdue: isOverdue(row, now),
    description: reviewed ? row.description : null,
    address: reviewed ? row.address : null,
    landmark: reviewed ? row.landmark : null,
    // About 10 m: the place of the problem, not a door.
    latitude: row.latitude === null ? null : Math.round(row.latitude * 1e4) / 1e4,
    longitude: row.longitude === null ? null : Math.round(row.longitude * 1e4) / 1e4,
    supporters: row.supporters,
    mergedInto: row.merged_into ? (trackings.get(row.merged_into) ?? null) : null,
    forwardedTo: row.forwarded_to,
    forwardReference: row.forward_reference,
    photos: photos.filter((p) => p.status === 'published').map((p) => ({ id: p.file_id, url: photoUrl(p) })),
    steps: events
      .filter((e) => e.public && PUBLIC_STEP_KINDS.has(e.kind))
      .map((e) => ({
        at: e.at.toISOString(),
        kind: e.kind as PublicComplaint['steps'][number]['kind'],
        state: e.to_state,
        body: e.kind === 'reply' || e.kind === 'state' || e.kind === 'forwarded' ? e.body : null,
        locale: e.locale,
      })),
  };
}

async function viewOf(tx: TenantTx, row: ComplaintRow, now: Date): Promise<{ events: ComplaintEventRow[]; photos: ComplaintPhotoRow[]; trackings: Map<string, string> }> {
  const events = await listEvents(tx, row.tenant_id, row.id, true);
  const photos = await listPhotos(tx, row.tenant_id, [row.id]);
  const trackings = await findTrackingsByIds(tx, row.merged_into ? [row.merged_into] : []);
  void now;
  return { events, photos, trackings };
}

/** Public tracking by number: the steps and public replies; nothing personal. Another tenant's number is 404. */
export async function trackComplaint(deps: Pick<ComplaintDeps, 'db' | 'clock'>, resolved: ResolvedTenant, tracking: string): Promise<PublicComplaint> {
  const parsed = parseTrackingNumber(tracking);
  if (!parsed) throw new AppError('NOT_FOUND', 'no complaint has this number here');
  const now = deps.clock();
  return withTenant(deps.db, { id: resolved.tenant.id }, async (tx) => {
    const row = await findComplaintByTracking(tx, formatTrackingNumber(parsed));
    if (!row) throw new AppError('NOT_FOUND', 'no complaint has this number here');
    const v = await viewOf(tx, row, now);
    return publicView(row, v.events, v.photos, v.trackings, now);
  });
}

async function findByToken(tx: TenantTx, token: string): Promise<ComplaintRow> {
  const row = await findComplaintByTokenHash(tx, hashToken(token));
  if (!row) throw new AppError('NOT_FOUND', 'this link does not open a complaint here');
  return row;
}

/** The resident's own view, by the private link's token. */
export async function getPrivateComplaint(deps: Pick<ComplaintDeps, 'db' | 'clock'>, resolved: ResolvedTenant, token: string): Promise<PrivateComplaint> {
  const now = deps.clock();
  return withTenant(deps.db, { id: resolved.tenant.id }, async (tx) => {
    const row = await findByToken(tx, token);
    const v = await viewOf(tx, row, now);
    const view = publicView(row, v.events, v.photos, v.trackings, now);
    return {
      ...view,
      description: row.description,
      address: row.address,
      landmark: row.landmark,
      // Their own photos, reviewed or not (hidden ones stay hidden).
      photos: v.photos.filter((p) => p.status !== 'hidden').map((p) => ({ id: p.file_id, url: photoUrl(p, token) })),
      channel: row.channel,
      locale: row.locale,
      anonymous: row.anonymous,
      contactName: row.contact_name,
      contactEmail: row.contact_email,
      contactPhone: row.contact_phone,
    };
  });
}

function decodeCursor(cursor: string | undefined): { createdAt: Date; id: string } | undefined {
  if (!cursor) return undefined;
  try {
    const [ms, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
    if (!ms || !id || !/^[0-9a-f-]{36}$/.test(id)) return undefined;
    return { createdAt: new Date(Number(ms)), id };
  } catch {
    return undefined;
  }
}

function statesOf(state: string | undefined): ComplaintState[] | undefined {
  if (!state) return undefined;
  if (state === 'open') return [...OPEN_STATES];
  if (state === 'closed') return [...CLOSED_STATES];
  return [state as ComplaintState];
}

/** The public map and list: no personal data, text only once reviewed, reviewed photos only. */
export async function listPublic(
  deps: Pick<ComplaintDeps, 'db' | 'clock'>,
  resolved: ResolvedTenant,
  query: { state?: string; category?: string; bbox?: string; before?: string; limit: number },
): Promise<{ complaints: Omit<PublicComplaint, 'steps'>[]; nextCursor: string | null }> {
  const now = deps.clock();
  const bbox = query.bbox?.split(',').map(Number);
  return withTenant(deps.db, { id: resolved.tenant.id }, async (tx) => {
    const rows = await listPublicComplaints(tx, {
      states: statesOf(query.state),
      category: query.category,
      bbox: bbox && bbox.length === 4 ? { south: bbox[0] as number, west: bbox[1] as number, north: bbox[2] as number, east: bbox[3] as number } : undefined,
      before: decodeCursor(query.before),
      limit: query.limit + 1,
    });
    const page = rows.slice(0, query.limit);
    const photos = await listPhotos(tx, tx.tenantId, page.map((r) => r.id));
    const last = page.at(-1);
    return {
      complaints: page.map((r) => {
        const { steps: _steps, ...item } = publicView(r, [], photos.filter((p) => p.complaint_id === r.id), new Map(), now);
        return item;
      }),
      nextCursor: rows.length > query.limit && last ? Buffer.from(`${last.created_at.getTime()}|${last.id}`).toString('base64url') : null,
    };
  });
}

/** "Me too": one per client (a salted hash of its address, or of the token a page keeps); counts stay public. */
export async function addSupporter(deps: Pick<ComplaintDeps, 'db' | 'clock'>, resolved: ResolvedTenant, tracking: string, client: string): Promise<{ supporters: number; added: boolean }> {
  const parsed = parseTrackingNumber(tracking);
  if (!parsed) throw new AppError('NOT_FOUND', 'no complaint has this number here');
  return withTenant(deps.db, { id: resolved.tenant.id }, async (tx) => {
    const row = await findComplaintByTracking(tx, formatTrackingNumber(parsed));
    if (!row) throw new AppError('NOT_FOUND', 'no complaint has this number here');
    const target = row.merged_into ? ((await findComplaintById(tx, [tx.tenantId], row.merged_into)) ?? row) : row;
    const supporter = createHash('sha256').update(`${tx.tenantId}|${target.id}|${client}`).digest('hex');
    const added = await insertSupporter(tx, target.id, supporter, deps.clock());
    return { supporters: target.supporters + (added ? 1 : 0), added };
  });
}

/** A photo's bytes for the public (published only) or through the private link (not hidden). */
export async function findComplaintPhoto(deps: Pick<ComplaintDeps, 'db'>, resolved: ResolvedTenant, fileId: string, token?: string): Promise<FileRow> {
  return withTenant(deps.db, { id: resolved.tenant.id }, async (tx) => {
    const photo = await findPhoto(tx, tx.tenantId, fileId);
    if (!photo) throw new AppError('NOT_FOUND', 'no such photo');
    if (token) {
      const row = await findByToken(tx, token);
      if (row.id !== photo.complaint_id || photo.status === 'hidden') throw new AppError('NOT_FOUND', 'no such photo');
    } else if (photo.status !== 'published') {
      throw new AppError('NOT_FOUND', 'no such photo');
    }
    const file = await findFile(tx, tx.tenantId, fileId);
    if (!file) throw new AppError('NOT_FOUND', 'no such photo');
    return file;
  });
}

// ---------------------------------------------------------------------------------------------------------
// Statistics

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

type StatRow = { state: ComplaintState; created_at: Date; closed_at: Date | null; due_at: Date; category: string };

function summarise(rows: StatRow[]) {
  const resolved = rows.filter((r) => r.state === 'resolved' && r.closed_at);
  const answered = rows.filter((r) => !isOpen(r.state) && r.closed_at);
  const within = answered.filter((r) => (r.closed_at as Date).getTime() <= r.due_at.getTime());
  return {
    received: rows.length,
    resolved: resolved.length,
    medianDaysToResolve: (() => {
      const m = median(resolved.map((r) => ((r.closed_at as Date).getTime() - r.created_at.getTime()) / DAY_MS));
      return m === null ? null : Math.round(m * 10) / 10;
    })(),
    withinDeadlineShare: answered.length === 0 ? null : Math.round((within.length / answered.length) * 1000) / 1000,
  };
}

/** Received, resolved, median days to resolve, share answered within the deadline: in total, by category, by month (Morocco's calendar). */
export async function complaintStatistics(deps: Pick<ComplaintDeps, 'db' | 'clock'>, resolved: ResolvedTenant, year?: number): Promise<ComplaintStatistics> {
  const y = year ?? localYearOf(deps.clock());
  // A little wider than the year in UTC; the local year is decided row by row.
  const rows = (await withTenant(deps.db, { id: resolved.tenant.id }, (tx) => listForStatistics(tx, new Date(Date.UTC(y - 1, 11, 31)), new Date(Date.UTC(y + 1, 0, 2))))).filter(
    (r) => localYearOf(r.created_at) === y,
  );
  const categories = [...new Set(rows.map((r) => r.category))].sort();
  const months = Array.from({ length: 12 }, (_, i) => `${y}-${String(i + 1).padStart(2, '0')}`);
  return {
    year: y,
    total: summarise(rows),
    byCategory: categories.map((category) => ({ category, ...summarise(rows.filter((r) => r.category === category)) })),
    byMonth: months.map((month) => ({ month, ...summarise(rows.filter((r) => localDateOf(r.created_at).startsWith(month))) })),
  };
}

function csvCell(v: string | number | null): string {
  const s = v === null ? '' : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/** The yearly report (décret 2.17.265) as CSV: one section per table, UTF-8 with BOM. */
export async function yearlyReportCsv(deps: Pick<ComplaintDeps, 'db' | 'clock'>, resolved: ResolvedTenant, year?: number): Promise<{ year: number; csv: string }> {
  const stats = await complaintStatistics(deps, resolved, year);
  const head = ['received', 'resolved', 'median_days_to_resolve', 'within_deadline_share'];
  const cells = (r: ComplaintStatistics['total']) => [r.received, r.resolved, r.medianDaysToResolve, r.withinDeadlineShare];
  const lines = [
    ['scope', 'key', ...head],
    ['total', String(stats.year), ...cells(stats.total)],
    ...stats.byCategory.map((r) => ['category', r.category, ...cells(r)]),
    ...stats.byMonth.map((r) => ['month', r.month, ...cells(r)]),
  ];
  return { year: stats.year, csv: `\uFEFF${lines.map((l) => l.map(csvCell).join(',')).join('\r\n')}\r\n` };
}

// ---------------------------------------------------------------------------------------------------------
// Staff

/** The name of a commune's active arrondissements (their ids) in the cache of public reads. */
const ACTIVE_ARRONDISSEMENTS = 'active-arrondissement-ids';

/** Tenants whose complaints this staff member reads from this host: its own, and arrondissements where it holds supervisor or administrator rights. */
async function staffScope(deps: Pick<ComplaintDeps, 'db' | 'reads'>, resolved: ResolvedTenant, staff: StaffPrincipal): Promise<string[]> {
  const { db } = deps;
  if (resolved.tenant.kind !== 'commune') return [resolved.tenant.id];
  // The commune's active arrondissements are public (its home page lists them): through the cache of public
  // reads, dropped when any of them changes (a child's change bumps its parent's generation). Which of them
  // this person reads is decided below, in the database, status included, on every request.
  const ids = await remembering(deps, resolved)(ACTIVE_ARRONDISSEMENTS, async () => (await withPlatform(db, (tx) => listChildTenants(tx, resolved.tenant.id, ['active']))).map((c) => c.id));
  if (ids.length === 0) return [resolved.tenant.id];
  const withRights = await withTenant(db, { id: resolved.tenant.id, readable: ids }, (tx) => listArrondissementsWithRights(tx, staff.userId));
  return [resolved.tenant.id, ...withRights];
}

export function toStaffComplaint(row: ComplaintRow, now: Date, trackings: Map<string, string> = new Map()): StaffComplaint {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    tracking: row.tracking,
    category: row.category,
    description: row.description,
    textReviewed: row.text_reviewed_at !== null,
    latitude: row.latitude,
    longitude: row.longitude,
    address: row.address,
    landmark: row.landmark,
    anonymous: row.anonymous,
    contactName: row.contact_name,
    contactEmail: row.contact_email,
    contactPhone: row.contact_phone,
    locale: row.locale,
    channel: row.channel,
    state: row.state,
    allowedStates: [...TRANSITIONS[row.state]],
    department: row.department,
    assigneeId: row.assignee_id,
    dueDate: row.due_date,
    dueAt: row.due_at.toISOString(),
    overdue: isOverdue(row, now),
    escalated: row.escalated_at !== null,
    mergedInto: row.merged_into ? (trackings.get(row.merged_into) ?? row.merged_into) : null,
    forwardedTo: row.forwarded_to,
    forwardReference: row.forward_reference,
    supporters: row.supporters,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    closedAt: row.closed_at?.toISOString() ?? null,
  };
}

/** An agent sees its department's complaints and those assigned to it; supervisors and administrators see all. */
function agentLimits(staff: StaffPrincipal): { department?: string } {
  return staff.role === 'agent' && staff.department ? { department: staff.department } : {};
}

/**
 * The queue. Reading it first escalates this tenant's overdue complaints, at most once a minute per tenant
 * and process (`escalateOnRead`); the timer does the rest.
 */
export async function staffQueue(deps: ComplaintDeps, resolved: ResolvedTenant, staff: StaffPrincipal, query: QueueQuery) {
  const now = deps.clock();
  const escalatedNow = await escalateOnRead(deps, resolved.tenant, now);
  let tenantIds = await staffScope(deps, resolved, staff);
  if (query.arrondissement) {
    if (!tenantIds.includes(query.arrondissement)) throw new AppError('NOT_FOUND', 'no such arrondissement with your rights');
    tenantIds = [query.arrondissement];
  }
  const limits = agentLimits(staff);
  const result = await withTenant(deps.db, { id: resolved.tenant.id, readable: tenantIds }, (tx) =>
    listQueue(tx, {
      tenantIds,
      states: statesOf(query.state),
      category: query.category,
      department: limits.department ?? query.department,
      assigneeId: query.mine === 'true' ? staff.userId : undefined,
      dueBefore: query.deadline === 'overdue' ? now : query.deadline === 'week' ? new Date(now.getTime() + 7 * DAY_MS) : undefined,
      q: query.q || undefined,
      limit: query.limit,
      offset: query.offset,
      now,
    }),
  );
  return { complaints: result.rows.map((r) => toStaffComplaint(r, now)), total: result.total, overdue: result.overdue, escalatedNow };
}

async function readableComplaint(deps: ComplaintDeps, resolved: ResolvedTenant, staff: StaffPrincipal, id: string): Promise<{ row: ComplaintRow; tenantIds: string[] }> {
  const tenantIds = await staffScope(deps, resolved, staff);
  const row = await withTenant(deps.db, { id: resolved.tenant.id, readable: tenantIds }, (tx) => findComplaintById(tx, tenantIds, id));
  if (!row) throw new AppError('NOT_FOUND', 'no such complaint');
  const limits = agentLimits(staff);
  if (limits.department && row.department !== limits.department && row.assignee_id !== staff.userId) throw new AppError('NOT_FOUND', 'no such complaint');
  return { row, tenantIds };
}

export async function staffComplaintDetail(deps: ComplaintDeps, resolved: ResolvedTenant, staff: StaffPrincipal, id: string): Promise<StaffComplaintDetail> {
  const { row, tenantIds } = await readableComplaint(deps, resolved, staff, id);
  const now = deps.clock();
  return withTenant(deps.db, { id: resolved.tenant.id, readable: tenantIds }, async (tx) => {
    const events = await listEvents(tx, row.tenant_id, row.id, false);
    const photos = await listPhotos(tx, row.tenant_id, [row.id]);
    const trackings = await findTrackingsByIds(tx, row.merged_into ? [row.merged_into] : []);
    return {
      ...toStaffComplaint(row, now, trackings),
      // Staff only. The public views (tracking, list, map, Open311) leave them out: a free-text answer (a pole
      // number) could carry what a description can (a name, a phone) and would need the same review before it
      // is public; the list answers are harmless but tell the public little that the category and photo do not.
      answers: describeAnswers(row.category, row.attributes ?? {}),
      events: events.map((e) => ({
        id: e.id,
        at: e.at.toISOString(),
        kind: e.kind,
        fromState: e.from_state,
        toState: e.to_state,
        public: e.public,
        body: e.body,
        locale: e.locale,
        authorName: e.author_name,
        details: e.details ?? null,
      })),
      photos: photos.map((p) => ({ id: p.file_id, status: p.status, url: `/api/v1/admin/complaints/${row.id}/photos/${p.file_id}` })),
    };
  });
}

/** The photo's storage key for staff. */
export async function staffPhoto(deps: ComplaintDeps, resolved: ResolvedTenant, staff: StaffPrincipal, id: string, fileId: string): Promise<FileRow> {
  const { row, tenantIds } = await readableComplaint(deps, resolved, staff, id);
  return withTenant(deps.db, { id: resolved.tenant.id, readable: tenantIds }, async (tx) => {
    const photo = await findPhoto(tx, row.tenant_id, fileId);
    if (!photo || photo.complaint_id !== row.id) throw new AppError('NOT_FOUND', 'no such photo');
    const file = await findFile(tx, row.tenant_id, fileId);
    if (!file) throw new AppError('NOT_FOUND', 'no such photo');
    return file;
  });
}

type Change = (tx: TenantTx, row: ComplaintRow, queue: (template: ResidentUpdate) => Promise<void>) => Promise<void>;
type ResidentUpdate = { state: ComplaintState; reply: string | null };

/**
 * Runs a staff change on one complaint, in the unit of work of the tenant that owns it (an arrondissement's
 * complaint changed from the commune's host by a supervisor with rights there is written as that
 * arrondissement): the row locked, the change, its audit entry, the resident's mail.
 */
async function changeComplaint(deps: ComplaintDeps, resolved: ResolvedTenant, staff: StaffPrincipal, id: string, change: Change): Promise<StaffComplaintDetail> {
  const { row: found } = await readableComplaint(deps, resolved, staff, id);
  const queued: QueuedMail[] = [];
  await withTenant(deps.db, { id: found.tenant_id }, async (tx) => {
    const row = await lockComplaint(tx, found.id);
    if (!row) throw new AppError('NOT_FOUND', 'no such complaint');
    const owner = found.tenant_id === resolved.tenant.id ? resolved.tenant : await findTenantById(tx, found.tenant_id);
    if (!owner) throw new AppError('NOT_FOUND', 'no such complaint');
    await change(tx, row, async (update) => {
      if (!row.contact_email) return;
      const token = privateToken(deps.config.complaintLinkSecret, row.tenant_id, row.id);
      queued.push(
        await queueMail(tx, deps, owner, {
          to: row.contact_email,
          locale: row.locale,
          template: { kind: 'complaint_updated', tracking: row.tracking, state: update.state, reply: update.reply },
          path: privateComplaintPath(row.locale, token).slice(row.locale.length + 1),
        }, deps.clock()),
      );
    });
  });
  if (queued.length > 0) deps.mailer.committed(queued);
  return staffComplaintDetail(deps, resolved, staff, id);
}

function authorOf(staff: StaffPrincipal) {
  return { author_id: staff.userId, author_name: staff.displayName };
}

export async function assignComplaint(deps: ComplaintDeps, resolved: ResolvedTenant, staff: StaffPrincipal, id: string, input: { department?: string | null; assigneeId?: string | null }, by: ChangeContext) {
  return changeComplaint(deps, resolved, staff, id, async (tx, row, mail) => {
    if (row.merged_into) throw new AppError('INVALID_TRANSITION', 'a merged complaint is handled through its original', { from: row.state, to: 'assigned' });
    const department = input.department === undefined ? row.department : input.department;
    const assigneeId = input.assigneeId === undefined ? row.assignee_id : input.assigneeId;
    const now = by.at;
    const toState: ComplaintState = row.state === 'received' ? 'assigned' : row.state;
    if (row.state !== 'received' && !isOpen(row.state)) assertTransition(row.state, 'assigned');
    await updateComplaint(tx, row.id, { department, assignee_id: assigneeId, state: toState, updated_at: now });
    await insertEvent(tx, { complaint_id: row.id, at: now, kind: 'assigned', from_state: row.state, to_state: toState, public: false, body: null, locale: null, ...authorOf(staff), details: { department, assigneeId } });
    if (toState !== row.state) {
      await insertEvent(tx, { complaint_id: row.id, at: now, kind: 'state', from_state: row.state, to_state: toState, public: true, body: null, locale: null, ...authorOf(staff) });
    }
    await audit(tx, by, { tenantId: tx.tenantId, action: 'complaint.assigned', target: { type: 'complaint', id: row.id, label: row.tracking }, before: { department: row.department, assigneeId: row.assignee_id, state: row.state }, after: { department, assigneeId, state: toState } });
    if (toState !== row.state) await mail({ state: toState, reply: null });
  });
}

export async function replyToComplaint(deps: ComplaintDeps, resolved: ResolvedTenant, staff: StaffPrincipal, id: string, input: { body: string; public: boolean; locale?: 'ar' | 'fr' | 'zgh' }, by: ChangeContext) {
  return changeComplaint(deps, resolved, staff, id, async (tx, row, mail) => {
    await insertEvent(tx, { complaint_id: row.id, at: by.at, kind: input.public ? 'reply' : 'note', from_state: null, to_state: null, public: input.public, body: input.body, locale: input.locale ?? row.locale, ...authorOf(staff) });
    await updateComplaint(tx, row.id, { updated_at: by.at });
    // The text of a reply or note is not copied into the audit log (it may hold personal data): its length is.
    await audit(tx, by, { tenantId: tx.tenantId, action: input.public ? 'complaint.replied' : 'complaint.noted', target: { type: 'complaint', id: row.id, label: row.tracking }, after: { length: input.body.length } });
    if (input.public) await mail({ state: row.state, reply: input.body });
  });
}

export async function changeComplaintState(deps: ComplaintDeps, resolved: ResolvedTenant, staff: StaffPrincipal, id: string, input: { state: ComplaintState; reply?: string }, by: ChangeContext) {
  return changeComplaint(deps, resolved, staff, id, async (tx, row, mail) => {
    if (row.merged_into) throw new AppError('INVALID_TRANSITION', 'a merged complaint is handled through its original', { from: row.state, to: input.state });
    if (input.state === 'forwarded') throw new AppError('VALIDATION_FAILED', 'forward with the forward action (another body and its reference)', [{ path: 'state', code: 'use_forward' }]);
    assertTransition(row.state, input.state);
    const closing = !isOpen(input.state);
    await updateComplaint(tx, row.id, { state: input.state, updated_at: by.at, closed_at: closing ? by.at : null, escalated_at: closing ? row.escalated_at : row.escalated_at });
    await insertEvent(tx, { complaint_id: row.id, at: by.at, kind: 'state', from_state: row.state, to_state: input.state, public: true, body: input.reply ?? null, locale: row.locale, ...authorOf(staff) });
    await audit(tx, by, { tenantId: tx.tenantId, action: 'complaint.state_changed', target: { type: 'complaint', id: row.id, label: row.tracking }, before: { state: row.state }, after: { state: input.state } });
    await mail({ state: input.state, reply: input.reply ?? null });
  });
}

export async function forwardComplaint(deps: ComplaintDeps, resolved: ResolvedTenant, staff: StaffPrincipal, id: string, input: { body: string; reference?: string | null; reply?: string }, by: ChangeContext) {
  return changeComplaint(deps, resolved, staff, id, async (tx, row, mail) => {
    if (row.merged_into) throw new AppError('INVALID_TRANSITION', 'a merged complaint is handled through its original', { from: row.state, to: 'forwarded' });
    assertTransition(row.state, 'forwarded');
    await updateComplaint(tx, row.id, { state: 'forwarded', forwarded_to: input.body, forward_reference: input.reference ?? null, updated_at: by.at, closed_at: by.at });
    await insertEvent(tx, { complaint_id: row.id, at: by.at, kind: 'forwarded', from_state: row.state, to_state: 'forwarded', public: true, body: input.reply ?? null, locale: row.locale, ...authorOf(staff), details: { to: input.body, reference: input.reference ?? null } });
    await audit(tx, by, { tenantId: tx.tenantId, action: 'complaint.forwarded', target: { type: 'complaint', id: row.id, label: row.tracking }, before: { state: row.state }, after: { state: 'forwarded', to: input.body, reference: input.reference ?? null } });
    await mail({ state: 'forwarded', reply: input.reply ?? null });
  });
}

/** Staff remove personal data from the text before it is shown publicly; the original is not kept (nor written to the audit log). */
export async function redactComplaint(deps: ComplaintDeps, resolved: ResolvedTenant, staff: StaffPrincipal, id: string, input: { description?: string; address?: string | null; landmark?: string | null; reviewed?: boolean }, by: ChangeContext) {
  return changeComplaint(deps, resolved, staff, id, async (tx, row) => {
    const patch: Partial<ComplaintRow> = { updated_at: by.at };
    if (input.description !== undefined) patch.description = input.description;
    if (input.address !== undefined) patch.address = input.address || null;
    if (input.landmark !== undefined) patch.landmark = input.landmark || null;
    if (input.reviewed !== undefined) patch.text_reviewed_at = input.reviewed ? by.at : null;
    const nextAddress = patch.address === undefined ? row.address : patch.address;
    const nextLandmark = patch.landmark === undefined ? row.landmark : patch.landmark;
    if (row.latitude === null && !nextAddress && !nextLandmark) throw new AppError('VALIDATION_FAILED', 'a complaint without a map point keeps an address or landmark', [{ path: 'address', code: 'location_required' }]);
    await updateComplaint(tx, row.id, patch);
    const fields = Object.keys(input).filter((k) => k !== 'reviewed');
    await insertEvent(tx, { complaint_id: row.id, at: by.at, kind: 'redacted', from_state: null, to_state: null, public: false, body: null, locale: null, ...authorOf(staff), details: { fields, reviewed: input.reviewed ?? null } });
    await audit(tx, by, { tenantId: tx.tenantId, action: 'complaint.redacted', target: { type: 'complaint', id: row.id, label: row.tracking }, after: { fields, reviewed: input.reviewed ?? null } });
  });
}

/** Publish a reviewed photo, or hide it (it is never shown again to anyone but staff). */
export async function reviewPhoto(deps: ComplaintDeps, resolved: ResolvedTenant, staff: StaffPrincipal, id: string, fileId: string, status: 'published' | 'hidden', by: ChangeContext) {
  return changeComplaint(deps, resolved, staff, id, async (tx, row) => {
    const photo = await findPhoto(tx, tx.tenantId, fileId);
    if (!photo || photo.complaint_id !== row.id) throw new AppError('NOT_FOUND', 'no such photo');
    await updatePhotoStatus(tx, fileId, status, by.at);
    await insertEvent(tx, { complaint_id: row.id, at: by.at, kind: 'photo', from_state: null, to_state: null, public: false, body: null, locale: null, ...authorOf(staff), details: { fileId, status } });
    await audit(tx, by, { tenantId: tx.tenantId, action: status === 'published' ? 'complaint.photo_published' : 'complaint.photo_hidden', target: { type: 'complaint', id: row.id, label: row.tracking }, before: { status: photo.status }, after: { fileId, status } });
  });
}

/**
 * Blurs a region of a photo (a face, a plate, a house number) before it is published: the blurred image is
 * stored as a new file in the photo's place (same review status), and the original's row and bytes are
 * deleted, so the unblurred image survives nowhere. Blurring again blurs the blurred version.
 */
export async function blurPhoto(deps: ComplaintDeps, resolved: ResolvedTenant, staff: StaffPrincipal, id: string, fileId: string, region: ImageRegion, by: ChangeContext) {
  const original = await staffPhoto(deps, resolved, staff, id, fileId);
  const object = await openFile(deps.storage, original);
  if (!object) throw new AppError('NOT_FOUND', 'no such photo');
  const blurred = await blurImageRegion(new Uint8Array(await new Response(object.body).arrayBuffer()), region);
  const stored = await storeUpload(deps.storage, original.tenantId, 'complaint_photo', blurred);
  let removed: string[] = [];
  let detail: StaffComplaintDetail;
  try {
    detail = await changeComplaint(deps, resolved, staff, id, async (tx, row) => {
      const photo = await findPhoto(tx, tx.tenantId, fileId);
      if (!photo || photo.complaint_id !== row.id) throw new AppError('NOT_FOUND', 'no such photo');
      await recordFile(tx, stored);
      await replacePhotoFile(tx, fileId, stored.id);
      removed = await deleteFiles(tx, { fileId });
      await insertEvent(tx, { complaint_id: row.id, at: by.at, kind: 'photo', from_state: null, to_state: null, public: false, body: null, locale: null, ...authorOf(staff), details: { fileId: stored.id, blurred: fileId } });
      await audit(tx, by, { tenantId: tx.tenantId, action: 'complaint.photo_blurred', target: { type: 'complaint', id: row.id, label: row.tracking }, before: { fileId }, after: { fileId: stored.id, region } });
    });
  } catch (err) {
    await discardFile(deps.storage, stored, deps.logger);
    throw err;
  }
  // Only once the rows are gone: a rollback would otherwise leave a row pointing at nothing.
  await removeStoredObjects(deps.storage, removed, deps.logger);
  return detail;
}

/** Merges a duplicate into its original (same tenant): the duplicate's supporters and its resident follow the original. */
export async function mergeComplaint(deps: ComplaintDeps, resolved: ResolvedTenant, staff: StaffPrincipal, id: string, into: string, by: ChangeContext) {
  return changeComplaint(deps, resolved, staff, id, async (tx, row, mail) => {
    const parsed = parseTrackingNumber(into);
    const original = parsed ? await findComplaintByTracking(tx, formatTrackingNumber(parsed)) : /^[0-9a-f-]{36}$/.test(into) ? await findComplaintById(tx, [tx.tenantId], into) : undefined;
    if (!original) throw new AppError('NOT_FOUND', 'no such original complaint in this tenant');
    if (original.id === row.id || original.merged_into !== null || row.merged_into !== null) throw new AppError('MERGE_REFUSED', 'a complaint merges once, into another that is not merged itself');
    await updateComplaint(tx, row.id, { merged_into: original.id, updated_at: by.at, closed_at: row.closed_at ?? by.at });
    await updateComplaint(tx, original.id, { supporters: original.supporters + row.supporters + 1, updated_at: by.at });
    await insertEvent(tx, { complaint_id: row.id, at: by.at, kind: 'merged', from_state: null, to_state: null, public: true, body: null, locale: null, ...authorOf(staff), details: { into: original.tracking } });
    await audit(tx, by, { tenantId: tx.tenantId, action: 'complaint.merged', target: { type: 'complaint', id: row.id, label: row.tracking }, after: { into: original.tracking } });
    await mail({ state: original.state, reply: null });
  });
}

// ---------------------------------------------------------------------------------------------------------
// Escalation

/** Complaints escalated per unit of work: more are left to the next run. */
const ESCALATION_BATCH = 200;

/**
 * How long after a queue read's escalation of a tenant (in this process) the next queue read skips it: a
 * page of the queue then costs one transaction (three round trips) less, and a complaint that falls due is
 * escalated by the first read a minute later at the latest, or by the timer (issue 14). A run that failed,
 * or that stopped at a full batch, does not count.
 */
export const ESCALATION_ON_READ_EVERY_MS = 60_000;
const escalatedOnRead = new WeakMap<Database, Map<string, number>>();

async function escalateOnRead(deps: ComplaintDeps, tenant: TenantRow, now: Date): Promise<number> {
  let runs = escalatedOnRead.get(deps.db);
  if (!runs) escalatedOnRead.set(deps.db, (runs = new Map()));
  const last = runs.get(tenant.id);
  const since = last === undefined ? Infinity : now.getTime() - last;
  if (since >= 0 && since < ESCALATION_ON_READ_EVERY_MS) return 0;
  runs.set(tenant.id, now.getTime());
  try {
    const count = await escalateTenant(deps, tenant, now);
    if (count >= ESCALATION_BATCH) runs.delete(tenant.id);
    return count;
  } catch (err) {
    runs.delete(tenant.id);
    throw err;
  }
}

/** Open complaints past their deadline are marked escalated once; the tenant's supervisors (else administrators) get a mail. */
export async function escalateTenant(deps: ComplaintDeps, tenant: TenantRow, now: Date): Promise<number> {
  const queued: QueuedMail[] = [];
  const count = await withTenant(deps.db, { id: tenant.id }, async (tx) => {
    const rows = await lockOverdueToEscalate(tx, now, ESCALATION_BATCH);
    if (rows.length === 0) return 0;
    let recipients = await listMemberEmails(tx, ['supervisor']);
    if (recipients.length === 0) recipients = await listMemberEmails(tx, ['administrator']);
    for (const row of rows) {
      await updateComplaint(tx, row.id, { escalated_at: now });
      await insertEvent(tx, { complaint_id: row.id, at: now, kind: 'escalated', from_state: null, to_state: null, public: false, body: null, locale: null, author_id: null, author_name: null, details: { dueDate: row.due_date, notified: recipients.length } });
      await recordAudit(tx, { tenantId: tx.tenantId, at: now, actor: null, action: 'complaint.escalated', target: { type: 'complaint', id: row.id, label: row.tracking }, after: { dueDate: row.due_date }, meta: { ip: null, requestId: null } });
      for (const r of recipients) {
        queued.push(await queueMail(tx, deps, tenant, { to: r.email, template: { kind: 'complaint_escalated', tracking: row.tracking, dueDate: row.due_date }, path: `/admin/complaints/${row.id}` }, now));
      }
    }
    return rows.length;
  });
  if (queued.length > 0) deps.mailer.committed(queued);
  return count;
}

/** Every tenant, one unit of work each: for the timer. */
export async function escalateOverdue(deps: ComplaintDeps, now: Date): Promise<number> {
  const ids = await withPlatform(deps.db, (tx) => listTenantIds(tx));
  let total = 0;
  for (const id of ids) {
    const tenant = await withPlatform(deps.db, (tx) => findTenantById(tx, id));
    if (tenant && tenant.kind !== 'platform' && tenant.status === 'active') total += await escalateTenant(deps, tenant, now);
  }
  return total;
}

/**
 * A timer that escalates every `intervalMs` (default 10 minutes), started by the runtime and stopped by its
 * `close()`. A run never overlaps the previous one; failures are logged.
 */
export function startEscalationTimer(deps: ComplaintDeps, options: { intervalMs?: number } = {}): { stop(): Promise<void>; runNow(): Promise<number> } {
  const intervalMs = options.intervalMs ?? 10 * 60_000;
  let running: Promise<number> | null = null;
  const run = async (): Promise<number> => {
    if (running) return running;
    running = escalateOverdue(deps, deps.clock())
      .catch((err: unknown) => {
        deps.logger.warn({ err }, 'complaint escalation failed');
        return 0;
      })
      .finally(() => {
        running = null;
      });
    return running;
  };
  const timer = setInterval(() => void run(), intervalMs);
  timer.unref();
  return {
    runNow: run,
    async stop() {
      clearInterval(timer);
      if (running) await running;
    },
  };
}

// ---------------------------------------------------------------------------------------------------------
// Dashboard

/**
 * The console dashboard's "requests" section: received (not yet assigned), open, overdue, due within a
 * week, and an agent's own; over the same complaints as the staff queue (its tenants, an agent's
 * department), so each count matches the queue it links to.
 */
export async function complaintCounts(deps: Pick<ComplaintDeps, 'db' | 'clock' | 'reads'>, resolved: ResolvedTenant, staff: StaffPrincipal) {
  const now = deps.clock();
  const tenantIds = await staffScope(deps, resolved, staff);
  const limits = agentLimits(staff);
  return withTenant(deps.db, { id: resolved.tenant.id, readable: tenantIds }, (tx) =>
    countForDashboard(tx, { tenantIds, department: limits.department, mine: staff.role === 'agent' ? staff.userId : undefined, now, weekAhead: new Date(now.getTime() + 7 * DAY_MS) }),
  );
}

// ---------------------------------------------------------------------------------------------------------
// Reply templates

export async function listReplyTemplates(db: Database, resolved: ResolvedTenant) {
  const rows = await withTenant(db, { id: resolved.tenant.id }, listReplyTemplateRows);
  return rows.map((r) => ({ id: r.id, state: r.state, title: r.title, body: r.body }));
}

export async function replaceReplyTemplates(db: Database, resolved: ResolvedTenant, templates: { state: ComplaintState; title: TenantNames; body: TenantNames }[], by: ChangeContext) {
  await withTenant(db, { id: resolved.tenant.id }, async (tx) => {
    await replaceReplyTemplateRows(tx, templates, by.at);
    await audit(tx, by, { tenantId: tx.tenantId, action: 'complaint.templates_changed', target: { type: 'complaint_templates', id: tx.tenantId }, after: { count: templates.length } });
  });
  return listReplyTemplates(db, resolved);
}

// ---------------------------------------------------------------------------------------------------------
// Open311 keys

function toKeyView(r: { id: string; name: string; created_at: Date; revoked_at: Date | null; last_used_at: Date | null }) {
  return { id: r.id, name: r.name, createdAt: r.created_at.toISOString(), revokedAt: r.revoked_at?.toISOString() ?? null, lastUsedAt: r.last_used_at?.toISOString() ?? null };
}

export async function listKeys(db: Database, resolved: ResolvedTenant) {
  return (await withTenant(db, { id: resolved.tenant.id }, listOpen311Keys)).map(toKeyView);
}

export async function createKey(db: Database, resolved: ResolvedTenant, name: string, by: ChangeContext) {
  const apiKey = `o311_${randomBytes(24).toString('base64url')}`;
  const row = await withTenant(db, { id: resolved.tenant.id }, async (tx) => {
    const created = await insertOpen311Key(tx, { name, keyHash: hashToken(apiKey), at: by.at, by: by.actor.id });
    await audit(tx, by, { tenantId: tx.tenantId, action: 'complaint.api_key_created', target: { type: 'open311_key', id: created.id, label: name } });
    return created;
  });
  return { ...toKeyView(row), apiKey };
}

export async function revokeKey(db: Database, resolved: ResolvedTenant, id: string, by: ChangeContext) {
  await withTenant(db, { id: resolved.tenant.id }, async (tx) => {
    const row = await revokeOpen311Key(tx, id, by.at);
    if (!row) throw new AppError('NOT_FOUND', 'no such active key');
    await audit(tx, by, { tenantId: tx.tenantId, action: 'complaint.api_key_revoked', target: { type: 'open311_key', id: row.id, label: row.name } });
  });
}

/** The client's name when `apiKey` is an active key of this tenant (and notes its use), else null. */
export async function authenticateOpen311(db: Database, tenantId: string, apiKey: string, at: Date): Promise<string | null> {
  const row = await withTenant(db, { id: tenantId }, (tx) => useOpen311Key(tx, hashToken(apiKey), at));
  return row?.name ?? null;
}
