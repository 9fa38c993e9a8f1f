/**
 * Open311 GeoReport v2 over complaints: services are the tenant's categories, service requests its
 * complaints. What a request shows is what the public views show, never more: no name, e-mail or phone;
 * the description and address only once staff reviewed (redacted) them; the place rounded to about 10 m;
 * photos only once published by staff. `service_request_id` is the tracking number; another tenant's
 * number is unknown here (404).
 */
import { isLocale, resolveText, type Locale } from '@jamaa/tenants/locale.ts';
import { DEPARTMENT_LABELS, isDepartment } from '@jamaa/tenants/departments.ts';
import { formatTrackingNumber, parseTrackingNumber } from '../counters/counters.ts';
import type { ComplaintState } from '../db/schema.ts';
import { moroccoOffsetMs } from '../deadlines/local-time.ts';
import { AppError } from '../shared/errors.ts';
import type { ResolvedTenant } from '../tenancy/tenant-directory.ts';
import { withTenant, type TenantTx } from '../tenancy/unit-of-work.ts';
import { attributesOf, type AttributeDatatype } from './complaint-attributes.ts';
import { CLOSED_STATES, isOpen, OPEN_STATES } from './complaint-states.ts';
import { findComplaintById, latestPublicNotes, listOpen311Complaints, listPhotos, type ComplaintRow } from './complaints.repository.ts';
import { ComplaintInputSchema } from './complaints.schemas.ts';
import { authenticateOpen311, listCategories, submitComplaint, type ComplaintDeps } from './complaints.service.ts';

/** The specification's defaults: the last 90 days, at most 1000 requests. */
export const OPEN311_WINDOW_DAYS = 90;
export const OPEN311_MAX_REQUESTS = 1000;
const DAY_MS = 86_400_000;

export interface Open311Service {
  service_code: string;
  service_name: string;
  description: string;
  metadata: boolean;
  type: 'realtime' | 'batch' | 'blackbox';
  keywords: string;
  group: string;
}

/** A service attribute, as GeoReport v2's service definition has it. */
export interface Open311Attribute {
  /** Whether the client asks it of the resident (true here): `false` would be an informational text. */
  variable: boolean;
  code: string;
  datatype: AttributeDatatype;
  required: boolean;
  datatype_description: string | null;
  /** 1, 2, …: the order the client shows the questions in. */
  order: number;
  /** The question, in the request's language. */
  description: string;
  /** The allowed answers, for a list only. */
  values?: { key: string; name: string }[];
}

export interface Open311ServiceDefinition {
  service_code: string;
  attributes: Open311Attribute[];
}

export interface Open311ServiceRequest {
  service_request_id: string;
  status: 'open' | 'closed';
  status_notes: string | null;
  service_name: string;
  service_code: string;
  description: string | null;
  agency_responsible: string | null;
  service_notice: string | null;
  requested_datetime: string;
  updated_datetime: string;
  expected_datetime: string | null;
  address: string | null;
  address_id: string | null;
  zipcode: string | null;
  lat: number | null;
  long: number | null;
  media_url: string | null;
}

/** An Open311 failure: its HTTP status is also the `code` of the error body. */
export class Open311Error extends Error {
  readonly status: 400 | 403 | 404;
  constructor(status: 400 | 403 | 404, description: string) {
    super(description);
    this.status = status;
  }
}

/** Where the request came from, to build absolute URLs (photos) on the host the client used. */
export interface Open311Context {
  resolved: ResolvedTenant;
  /** `https://casablanca.jamaa.ma` */
  origin: string;
  /** The names' language: `locale=` if given and offered, else the tenant's default. */
  locale: Locale;
}

export function open311Locale(resolved: ResolvedTenant, wanted: string | undefined): Locale {
  const offered = resolved.tenant.locales;
  if (wanted && isLocale(wanted) && offered.includes(wanted)) return wanted;
  return isLocale(resolved.tenant.default_locale) ? resolved.tenant.default_locale : 'ar';
}

function fallbacks(resolved: ResolvedTenant): Locale[] {
  return resolved.tenant.fallback_locales.filter(isLocale);
}

/**
 * `jurisdiction_id` is optional: each tenant's host serves one jurisdiction. When given it must name
 * this tenant (its host name, or its slug); any other answers 404, as an unknown jurisdiction.
 */
export function checkJurisdiction(resolved: ResolvedTenant, host: string, jurisdictionId: string | undefined): void {
  if (jurisdictionId === undefined || jurisdictionId === '') return;
  const given = jurisdictionId.trim().toLowerCase();
  if (given === host.toLowerCase() || given === resolved.tenant.slug) return;
  throw new Open311Error(404, 'jurisdiction_id is not served at this address');
}

/** ISO 8601 in Morocco's time, with its offset: `2026-12-05T14:30:00+01:00`. */
export function open311DateTime(instant: Date): string {
  const offset = moroccoOffsetMs(instant);
  const local = new Date(Math.floor(instant.getTime() / 1000) * 1000 + offset).toISOString().slice(0, 19);
  const minutes = Math.round(offset / 60_000);
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

// ---------------------------------------------------------------------------------------------------------
// Services

function nameOf(ctx: Open311Context, names: Partial<Record<Locale, string>>, fallback: string): string {
  return resolveText(names, ctx.locale, fallbacks(ctx.resolved))?.text ?? fallback;
}

/** The tenant's active categories, each a realtime service; `metadata` when its code has questions. */
export async function open311Services(deps: Pick<ComplaintDeps, 'db'>, ctx: Open311Context): Promise<Open311Service[]> {
  const list = await listCategories(deps.db, ctx.resolved);
  return list.map((c) => {
    const name = nameOf(ctx, c.names, c.code);
    return {
      service_code: c.code,
      service_name: name,
      description: name,
      metadata: attributesOf(c.code).length > 0,
      type: 'realtime',
      keywords: [c.names.ar, c.names.fr, c.names.zgh].filter((n): n is string => Boolean(n)).join(','),
      group: 'complaints',
    };
  });
}

/**
 * A service's definition: its questions (`complaint-attributes.ts`) in the request's language, in order; none
 * for a service without (`metadata: false`); an unknown or inactive code is 404.
 */
export async function open311ServiceDefinition(deps: Pick<ComplaintDeps, 'db'>, ctx: Open311Context, code: string): Promise<Open311ServiceDefinition> {
  const list = await listCategories(deps.db, ctx.resolved);
  if (!list.some((c) => c.code === code)) throw new Open311Error(404, 'service_code not found');
  return {
    service_code: code,
    attributes: attributesOf(code).map((a, i) => ({
      variable: true,
      code: a.code,
      datatype: a.datatype,
      required: a.required,
      datatype_description: a.hint ? nameOf(ctx, a.hint, '') || null : null,
      order: i + 1,
      description: nameOf(ctx, a.question, a.code),
      ...(a.values ? { values: a.values.map((v) => ({ key: v.key, name: nameOf(ctx, v.names, v.key) })) } : {}),
    })),
  };
}

// ---------------------------------------------------------------------------------------------------------
// Service requests

function photoUrl(origin: string, fileId: string): string {
  return `${origin}/api/v1/complaints/photos/${fileId}`;
}

async function toRequests(deps: Pick<ComplaintDeps, 'db'>, ctx: Open311Context, rows: ComplaintRow[], read: { notes: Map<string, string>; photos: Map<string, string> }): Promise<Open311ServiceRequest[]> {
  const cats = new Map((await listCategories(deps.db, ctx.resolved, { all: true })).map((c) => [c.code, c]));
  return rows.map((row) => {
    const reviewed = row.text_reviewed_at !== null;
    const category = cats.get(row.category);
    const agency =
      row.state === 'forwarded' && row.forwarded_to
        ? row.forwarded_to
        : row.department && isDepartment(row.department)
          ? nameOf(ctx, DEPARTMENT_LABELS[row.department], row.department)
          : nameOf(ctx, ctx.resolved.tenant.names, ctx.resolved.tenant.slug);
    const photo = read.photos.get(row.id);
    return {
      service_request_id: row.tracking,
      status: isOpen(row.state) && row.merged_into === null ? 'open' : 'closed',
      status_notes: read.notes.get(row.id) ?? null,
      service_name: category ? nameOf(ctx, category.names, row.category) : row.category,
      service_code: row.category,
      // Only what staff reviewed (and redacted) is public.
      description: reviewed ? row.description : null,
      agency_responsible: agency,
      service_notice: null,
      requested_datetime: open311DateTime(row.created_at),
      updated_datetime: open311DateTime(row.updated_at),
      expected_datetime: isOpen(row.state) ? open311DateTime(row.due_at) : null,
      address: reviewed ? (row.address ?? row.landmark) : null,
      address_id: null,
      zipcode: null,
      // About 10 m: the place of the problem, not a door.
      lat: row.latitude === null ? null : Math.round(row.latitude * 1e4) / 1e4,
      long: row.longitude === null ? null : Math.round(row.longitude * 1e4) / 1e4,
      media_url: photo ? photoUrl(ctx.origin, photo) : null,
    };
  });
}

async function readAround(deps: Pick<ComplaintDeps, 'db'>, ctx: Open311Context, load: (tx: TenantTx) => Promise<ComplaintRow[]>) {
  const read = await withTenant(deps.db, { id: ctx.resolved.tenant.id }, async (tx) => {
    const rows = await load(tx);
    const ids = rows.map((r) => r.id);
    const notes = await latestPublicNotes(tx, ids);
    const photos = new Map<string, string>();
    for (const p of await listPhotos(tx, tx.tenantId, ids)) if (p.status === 'published' && !photos.has(p.complaint_id)) photos.set(p.complaint_id, p.file_id);
    return { rows, notes, photos };
  });
  return toRequests(deps, ctx, read.rows, read);
}

export interface Open311Query {
  service_request_id?: string;
  service_code?: string;
  start_date?: string;
  end_date?: string;
  status?: string;
}

function parseDate(value: string | undefined, name: string): Date | undefined {
  if (value === undefined || value === '') return undefined;
  // W3C's profile of ISO 8601: a date, or a date and time (with an offset or Z).
  if (!/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(value.trim())) throw new Open311Error(400, `${name} is not a W3C date-time`);
  const ms = Date.parse(value.trim().replace(' ', 'T'));
  if (Number.isNaN(ms)) throw new Open311Error(400, `${name} is not a W3C date-time`);
  return new Date(ms);
}

function list(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const items = value.split(',').map((v) => v.trim()).filter(Boolean);
  return items.length ? items : undefined;
}

/**
 * `GET requests`: by `service_request_id` (comma-separated; then nothing else applies), or filtered by
 * `service_code`, `status` (open, closed) and the dates of filing. Without dates, the last 90 days; a
 * window is at most 90 days; at most 1000 requests, newest first.
 */
export async function open311Requests(deps: Pick<ComplaintDeps, 'db' | 'clock'>, ctx: Open311Context, query: Open311Query): Promise<Open311ServiceRequest[]> {
  const ids = list(query.service_request_id);
  if (ids) {
    const trackings = ids.map(parseTrackingNumber).filter((t) => t !== null).map(formatTrackingNumber);
    return readAround(deps, ctx, (tx) => listOpen311Complaints(tx, { trackings, limit: OPEN311_MAX_REQUESTS }));
  }
  let states: ComplaintState[] | undefined;
  const statuses = list(query.status?.toLowerCase());
  if (statuses) {
    if (statuses.some((s) => s !== 'open' && s !== 'closed')) throw new Open311Error(400, 'status is open, closed, or both');
    states = [...(statuses.includes('open') ? OPEN_STATES : []), ...(statuses.includes('closed') ? CLOSED_STATES : [])];
  }
  const start = parseDate(query.start_date, 'start_date');
  const end = parseDate(query.end_date, 'end_date');
  const window = OPEN311_WINDOW_DAYS * DAY_MS;
  const to = end ?? (start ? new Date(start.getTime() + window) : deps.clock());
  const from = start ?? new Date(to.getTime() - window);
  if (from.getTime() > to.getTime()) throw new Open311Error(400, 'start_date is after end_date');
  if (to.getTime() - from.getTime() > window) throw new Open311Error(400, `start_date and end_date may not span more than ${OPEN311_WINDOW_DAYS} days`);
  const categories = list(query.service_code);
  return readAround(deps, ctx, (tx) => listOpen311Complaints(tx, { categories, states, from, to, limit: OPEN311_MAX_REQUESTS }));
}

/** `GET requests/{id}`: one request by its tracking number, as a list of one; 404 when unknown here. */
export async function open311Request(deps: Pick<ComplaintDeps, 'db' | 'clock'>, ctx: Open311Context, id: string): Promise<Open311ServiceRequest[]> {
  const parsed = parseTrackingNumber(id);
  const found = parsed ? await readAround(deps, ctx, (tx) => listOpen311Complaints(tx, { trackings: [formatTrackingNumber(parsed)], limit: 1 })) : [];
  if (found.length === 0) throw new Open311Error(404, 'service_request_id not found');
  return found;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** `GET tokens/{token}`: the token a POST answered (with the id: requests are realtime here) → the id. */
export async function open311Token(deps: Pick<ComplaintDeps, 'db'>, ctx: Open311Context, token: string): Promise<{ service_request_id: string; token: string }[]> {
  const id = token.toLowerCase();
  const row = UUID.test(id) ? await withTenant(deps.db, { id: ctx.resolved.tenant.id }, (tx) => findComplaintById(tx, [tx.tenantId], id)) : undefined;
  if (!row) throw new Open311Error(404, 'token not found');
  return [{ service_request_id: row.tracking, token: row.id }];
}

// ---------------------------------------------------------------------------------------------------------
// Submission

export interface Open311Submission {
  api_key?: string;
  service_code?: string;
  lat?: string;
  long?: string;
  address_string?: string;
  address_id?: string;
  email?: string;
  first_name?: string;
  last_name?: string;
  phone?: string;
  description?: string;
  locale?: string;
}

/** The answers a client sent as `attribute[code]=value` (or `attribute[code][]=…` for a list), by code. */
export type Open311Answers = Record<string, string[]>;

/** The client's name for an active key of this tenant; a missing or unknown key is 403. */
export async function open311Client(deps: Pick<ComplaintDeps, 'db' | 'clock'>, ctx: Pick<Open311Context, 'resolved'>, apiKey: string | undefined): Promise<string> {
  if (!apiKey) throw new Open311Error(403, 'api_key is required to submit a service request');
  const client = await authenticateOpen311(deps.db, ctx.resolved.tenant.id, apiKey, deps.clock());
  if (!client) throw new Open311Error(403, 'api_key is not valid here');
  return client;
}

const FIELD_NAMES: Record<string, string> = {
  category: 'service_code',
  description: 'description',
  latitude: 'lat',
  longitude: 'long',
  address: 'address_string',
  landmark: 'address_id',
  contactName: 'first_name',
  contactEmail: 'email',
  contactPhone: 'phone',
  attributes: 'attribute',
};

/**
 * `POST requests`: files a complaint through the Open311 channel for the client `client` (its key
 * checked by `open311Client`). Requires `service_code`, `description`, and a place: `lat` and `long`, or
 * `address_string`, or `address_id` (kept as a landmark), and the service's required attributes; each
 * attribute given must be the service's, of its type, among its values (else 400, nothing filed). Answers the tracking number at once (and the
 * complaint's id as the token).
 */
export async function open311Submit(deps: ComplaintDeps, ctx: Open311Context, body: Open311Submission, client: string, answers: Open311Answers = {}) {
  if (!body.service_code) throw new Open311Error(400, 'service_code is required');
  if (!body.description?.trim()) throw new Open311Error(400, 'description is required');
  const hasPoint = Boolean(body.lat?.trim()) && Boolean(body.long?.trim());
  if (!hasPoint && !body.address_string?.trim() && !body.address_id?.trim()) throw new Open311Error(400, 'lat and long, address_string or address_id is required');
  const name = [body.first_name, body.last_name].map((n) => n?.trim()).filter(Boolean).join(' ');
  const parsed = ComplaintInputSchema.safeParse({
    category: body.service_code,
    description: body.description,
    latitude: hasPoint ? body.lat : undefined,
    longitude: hasPoint ? body.long : undefined,
    address: body.address_string,
    landmark: body.address_id,
    contactName: name || undefined,
    contactEmail: body.email,
    contactPhone: body.phone,
    locale: ctx.locale,
    attributes: Object.fromEntries(Object.entries(answers).map(([code, values]) => [code, values.length === 1 ? values[0] : values])),
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = String(issue?.path[0] ?? '');
    if (path === 'attributes') throw new Open311Error(400, issue?.path[1] === undefined ? 'attribute is not valid' : `attribute[${String(issue.path[1])}] is not valid`);
    throw new Open311Error(400, `${FIELD_NAMES[path] ?? 'request'} is not valid`);
  }
  try {
    const result = await submitComplaint(deps, ctx.resolved, parsed.data, { channel: 'open311', open311Client: client });
    return [{ service_request_id: result.tracking, token: result.id, service_notice: null, account_id: null }];
  } catch (err) {
    if (err instanceof AppError && err.code === 'VALIDATION_FAILED') {
      const path = (Array.isArray(err.details) ? (err.details[0] as { path?: string } | undefined)?.path : undefined) ?? '';
      // An answer refused (`checkAnswers`): its sentence names the attribute and what it takes.
      if (path.startsWith('attribute[')) throw new Open311Error(400, err.message);
      throw new Open311Error(400, path === 'category' ? 'service_code not found' : `${FIELD_NAMES[path] ?? 'request'} is not valid`);
    }
    if (err instanceof AppError && err.code === 'LOCATION_OUTSIDE_AREA') throw new Open311Error(400, 'lat and long are outside this jurisdiction');
    throw err;
  }
}
