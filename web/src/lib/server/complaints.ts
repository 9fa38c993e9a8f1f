// Web's calls to the complaints API (public and console), in one place: the pages stay thin and the
// paths of the API are written once.
import { error, type RequestEvent } from '@sveltejs/kit';
import { clientFor, errorBody } from './api.ts';
import { DEPARTMENTS } from '@jamaa/tenants/departments.ts';
import type {
  ComplaintArea,
  ComplaintCategory,
  ComplaintCategoryWithQuestions,
  ComplaintStatistics,
  Open311Key,
  PrivateComplaint,
  PublicComplaint,
  PublicListItem,
  ReplyTemplate,
  StaffComplaint,
  StaffComplaintDetail,
  SubmissionResult,
} from '#lib/complaints/types.ts';

type Call = (args?: object, options?: { headers?: Record<string, string>; init?: RequestInit }) => Promise<Response>;
type Loose = { [segment: string]: Loose } & { $get: Call; $post: Call; $put: Call; $patch: Call; $delete: Call };

/** The API client without route types (the complaints routes are typed by the API once merged). */
function api(event: RequestEvent): Loose {
  return (clientFor(event) as unknown as Loose).api!.v1!;
}

/** The body of a successful answer, or the error page for the API's code (translated there). */
export async function body<T>(event: RequestEvent, response: Response): Promise<T> {
  if (response.ok) return (await response.json()) as T;
  const failure = await errorBody(response);
  error(response.status, { code: failure?.error.code ?? 'INTERNAL', message: failure?.error.message || response.statusText, requestId: event.locals.requestId });
}

// Public ------------------------------------------------------------------------------------------------

export async function getCategories(event: RequestEvent): Promise<ComplaintCategoryWithQuestions[]> {
  return (await body<{ categories: ComplaintCategoryWithQuestions[] }>(event, await api(event).complaints!.categories!.$get())).categories;
}

/** The tenant's complaint area (null: none set), where the form's map opens. */
export async function getComplaintArea(event: RequestEvent): Promise<ComplaintArea | null> {
  return (await body<{ area: ComplaintArea | null }>(event, await api(event).complaints!.area!.$get())).area;
}

/** Files a complaint: the form as multipart (fields and photos), the form token as Idempotency-Key. */
export function submitComplaint(event: RequestEvent, form: FormData, headers: Record<string, string>): Promise<Response> {
  return api(event).complaints!.$post({}, { headers, init: { body: form } });
}

export type Submission = SubmissionResult;

export async function getPublicComplaint(event: RequestEvent, tracking: string): Promise<PublicComplaint | null> {
  const response = await api(event).complaints!.track![':tracking']!.$get({ param: { tracking } });
  if (response.status === 404) return null;
  return body<PublicComplaint>(event, response);
}

export async function getPrivateComplaint(event: RequestEvent, token: string): Promise<PrivateComplaint> {
  return body<PrivateComplaint>(event, await api(event).complaints!.private![':token']!.$get({ param: { token } }));
}

export async function listPublicComplaints(event: RequestEvent, query: { state?: string; category?: string; before?: string; limit?: string }) {
  return body<{ complaints: PublicListItem[]; nextCursor: string | null }>(event, await api(event).complaints!.$get({ query }));
}

export function meToo(event: RequestEvent, tracking: string): Promise<Response> {
  return api(event).complaints!.track![':tracking']!.supporters!.$post({ param: { tracking } });
}

export async function getStatistics(event: RequestEvent, year?: number): Promise<ComplaintStatistics> {
  return body<ComplaintStatistics>(event, await api(event).complaints!.statistics!.$get({ query: year ? { year: String(year) } : {} }));
}

// Console -----------------------------------------------------------------------------------------------

function admin(event: RequestEvent): Loose {
  return api(event).admin!;
}

export async function getQueue(event: RequestEvent, query: Record<string, string>) {
  return body<{ complaints: StaffComplaint[]; total: number; overdue: number; escalatedNow: number }>(event, await admin(event).complaints!.$get({ query }));
}

export async function getStaffComplaint(event: RequestEvent, id: string): Promise<StaffComplaintDetail> {
  return body<StaffComplaintDetail>(event, await admin(event).complaints![':id']!.$get({ param: { id } }));
}

export function fileForCaller(event: RequestEvent, form: FormData, headers: Record<string, string>): Promise<Response> {
  return admin(event).complaints!.$post({}, { headers, init: { body: form } });
}

/** One of the console's actions on a complaint (`assign`, `replies`, `state`, `redact`, `merge`, `forward`). */
export function complaintAction(event: RequestEvent, id: string, action: 'assign' | 'replies' | 'state' | 'redact' | 'merge' | 'forward', json: object): Promise<Response> {
  return admin(event).complaints![':id']![action === 'redact' ? 'redaction' : action]!.$post({ param: { id }, json });
}

export function reviewPhoto(event: RequestEvent, id: string, fileId: string, status: 'published' | 'hidden'): Promise<Response> {
  return admin(event).complaints![':id']!.photos![':fileId']!.review!.$post({ param: { id, fileId }, json: { status } });
}

export function blurPhoto(event: RequestEvent, id: string, fileId: string, region: { x: number; y: number; width: number; height: number }): Promise<Response> {
  return admin(event).complaints![':id']!.photos![':fileId']!.blur!.$post({ param: { id, fileId }, json: region });
}

export async function getAdminCategories(event: RequestEvent): Promise<ComplaintCategoryWithQuestions[]> {
  return (await body<{ categories: ComplaintCategoryWithQuestions[] }>(event, await admin(event)['complaint-settings']!.categories!.$get())).categories;
}

export function putCategories(event: RequestEvent, categories: ComplaintCategory[]): Promise<Response> {
  return admin(event)['complaint-settings']!.categories!.$put({ json: { categories } });
}

export async function getTemplates(event: RequestEvent): Promise<ReplyTemplate[]> {
  return (await body<{ templates: ReplyTemplate[] }>(event, await admin(event)['complaint-settings']!.templates!.$get())).templates;
}

export function putTemplates(event: RequestEvent, templates: Omit<ReplyTemplate, 'id'>[]): Promise<Response> {
  return admin(event)['complaint-settings']!.templates!.$put({ json: { templates } });
}

export async function getArea(event: RequestEvent): Promise<{ area: ComplaintArea | null; morocco: ComplaintArea }> {
  return body(event, await admin(event)['complaint-settings']!.area!.$get());
}

export function putArea(event: RequestEvent, area: ComplaintArea | null): Promise<Response> {
  return admin(event)['complaint-settings']!.area!.$put({ json: { area } });
}

export async function getOpen311Keys(event: RequestEvent): Promise<Open311Key[]> {
  return (await body<{ keys: Open311Key[] }>(event, await admin(event)['open311-keys']!.$get())).keys;
}

export function createOpen311Key(event: RequestEvent, name: string): Promise<Response> {
  return admin(event)['open311-keys']!.$post({ json: { name } });
}

export function revokeOpen311Key(event: RequestEvent, keyId: string): Promise<Response> {
  return admin(event)['open311-keys']![':keyId']!.$delete({ param: { keyId } });
}

/** The commune's arrondissements, for the queue's filter (an administrator's list: none when the API refuses). */
export async function getArrondissements(event: RequestEvent) {
  const response = await clientFor(event).api.v1.admin.arrondissements.$get();
  return response.ok ? (await response.json()).arrondissements : [];
}

export interface Assignee {
  id: string;
  name: string;
  role: string;
  department: string | null;
}

/**
 * Who a complaint may be given to, and the departments: the departments are the platform's fixed list
 * (tenants/src/departments.ts); the people are the tenant's staff, which only an administrator may list —
 * a supervisor assigns to a department. `listPeople: false` (the caller is not an administrator) spares the
 * call the API would refuse.
 */
export async function getAssignees(event: RequestEvent, listPeople = true): Promise<{ departments: string[]; assignees: Assignee[] }> {
  const departments = [...DEPARTMENTS];
  if (!listPeople) return { departments, assignees: [] };
  const staff = await clientFor(event).api.v1.admin.users.$get();
  if (!staff.ok) return { departments, assignees: [] };
  const { members } = await staff.json();
  const assignees = members
    .filter((m) => !m.disabled && !m.accountDisabled && m.role !== 'editor')
    .map((m) => ({ id: m.userId, name: m.displayName || m.email, role: m.role, department: m.department }));
  return { departments, assignees };
}
