import { createRoute, z } from '@hono/zod-openapi';
import { remembering } from '../app-deps.ts';
import { fileResponse } from '../files/file-response.ts';
import type { AppDeps } from '../http/context.ts';
import { bodyLimit } from '../http/body-limit.ts';
import { newRouter } from '../http/openapi.ts';
import { changeContext } from '../http/request.ts';
import { errorResponse, errorResponses, jsonBody, jsonContent } from '../http/responses.ts';
import { idempotent } from '../idempotency/idempotent.ts';
import { requireRole } from '../sessions/require-staff.ts';
import { readSubmission } from './complaints.routes.ts';
import {
  AssignInputSchema,
  CategoriesInputSchema,
  CategoryListSchema,
  ComplaintAreaInputSchema,
  ComplaintAreaSettingSchema,
  ComplaintIdParamSchema,
  ComplaintPhotoParamSchema,
  ForwardInputSchema,
  MergeInputSchema,
  Open311KeyInputSchema,
  Open311KeyListSchema,
  Open311KeyParamSchema,
  Open311NewKeySchema,
  PhotoBlurInputSchema,
  PhotoReviewInputSchema,
  QueueQuerySchema,
  QueueSchema,
  RedactInputSchema,
  ReplyInputSchema,
  ReplyTemplateListSchema,
  ReplyTemplatesInputSchema,
  StaffComplaintDetailSchema,
  StaffComplaintInputSchema,
  StateInputSchema,
  SUBMISSION_MAX_BYTES,
  SubmissionResultSchema,
} from './complaints.schemas.ts';
import {
  assignComplaint,
  blurPhoto,
  changeComplaintState,
  createKey,
  forwardComplaint,
  getComplaintArea,
  listCategories,
  listKeys,
  listReplyTemplates,
  mergeComplaint,
  redactComplaint,
  replaceCategories,
  replaceReplyTemplates,
  replyToComplaint,
  reviewPhoto,
  revokeKey,
  setComplaintArea,
  staffComplaintDetail,
  staffPhoto,
  staffQueue,
  submitComplaint,
  withQuestions,
} from './complaints.service.ts';

const TAG = ['complaints admin'];
const detail = (d: string) => ({ 200: jsonContent(StaffComplaintDetailSchema, d), ...errorResponses(401, 403, 409, 422) });

/**
 * The staff side of complaints (`/api/v1/admin/complaints…`): agents, supervisors and administrators work
 * the queue; supervisors (and administrators) assign, merge and forward; administrators configure
 * categories, reply templates and Open311 keys. Every change is audited.
 */
export function complaintsAdminRoutes(deps: AppDeps) {
  const staff = requireRole(['agent', 'supervisor']);
  const supervisor = requireRole(['supervisor']);
  const admin = requireRole(['administrator']);
  const id = { params: ComplaintIdParamSchema };

  const queue = createRoute({ method: 'get', operationId: 'listComplaintQueue', path: '/complaints', tags: TAG, summary: 'The queue: overdue first, then by due date (reading it escalates overdue complaints)', middleware: [staff] as const, request: { query: QueueQuerySchema }, responses: { 200: jsonContent(QueueSchema, 'A page of the queue'), ...errorResponses(401, 403, 422) } });
  const get = createRoute({ method: 'get', operationId: 'getStaffComplaint', path: '/complaints/{id}', tags: TAG, summary: 'A complaint with its whole history (internal notes included) and photos', middleware: [staff] as const, request: id, responses: { 200: jsonContent(StaffComplaintDetailSchema, 'The complaint'), ...errorResponses(401, 403) } });
  const photo = createRoute({ method: 'get', operationId: 'getStaffComplaintPhoto', path: '/complaints/{id}/photos/{fileId}', tags: TAG, summary: 'A photo, whatever its review status', middleware: [staff] as const, request: { params: ComplaintPhotoParamSchema }, responses: { 200: { description: 'The image' }, ...errorResponses(401, 403) } });
  const fileFor = createRoute({
    method: 'post',
    operationId: 'fileComplaintForResident',
    path: '/complaints',
    tags: TAG,
    summary: 'File on behalf of a caller or a visitor (channel counter or phone): answers the number and the private link for the receipt',
    middleware: [staff, bodyLimit({ maxBytes: SUBMISSION_MAX_BYTES }), idempotent(deps, { scope: 'complaints.create_for_resident' })] as const,
    request: { body: { content: { 'application/json': { schema: StaffComplaintInputSchema }, 'multipart/form-data': { schema: StaffComplaintInputSchema } }, required: false } },
    responses: { 201: jsonContent(SubmissionResultSchema, 'Filed'), ...errorResponses(401, 403, 422), 413: errorResponse('PAYLOAD_TOO_LARGE'), 415: errorResponse('UNSUPPORTED_IMAGE') },
  });
  const assign = createRoute({ method: 'post', operationId: 'assignComplaint', path: '/complaints/{id}/assign', tags: TAG, summary: 'Assign to a department and/or an agent (received → assigned)', middleware: [supervisor] as const, request: { ...id, ...jsonBody(AssignInputSchema) }, responses: detail('Assigned') });
  const reply = createRoute({ method: 'post', operationId: 'replyToComplaint', path: '/complaints/{id}/replies', tags: TAG, summary: 'A public reply (the resident is told) or an internal note', middleware: [staff] as const, request: { ...id, ...jsonBody(ReplyInputSchema) }, responses: detail('Replied') });
  const state = createRoute({ method: 'post', operationId: 'changeComplaintState', path: '/complaints/{id}/state', tags: TAG, summary: 'Change the state (the state machine decides; INVALID_TRANSITION otherwise)', middleware: [staff] as const, request: { ...id, ...jsonBody(StateInputSchema) }, responses: detail('Changed') });
  const redact = createRoute({ method: 'post', operationId: 'redactComplaint', path: '/complaints/{id}/redaction', tags: TAG, summary: 'Replace the text, address or landmark without personal data, and mark it reviewed for the public', middleware: [staff] as const, request: { ...id, ...jsonBody(RedactInputSchema) }, responses: detail('Redacted') });
  const review = createRoute({ method: 'post', operationId: 'reviewComplaintPhoto', path: '/complaints/{id}/photos/{fileId}/review', tags: TAG, summary: 'Publish a photo, or hide it', middleware: [staff] as const, request: { params: ComplaintPhotoParamSchema, ...jsonBody(PhotoReviewInputSchema) }, responses: detail('Reviewed') });
  const blur = createRoute({ method: 'post', operationId: 'blurComplaintPhoto', path: '/complaints/{id}/photos/{fileId}/blur', tags: TAG, summary: 'Blur a region of a photo (personal data); the original is deleted', middleware: [staff] as const, request: { params: ComplaintPhotoParamSchema, ...jsonBody(PhotoBlurInputSchema) }, responses: detail('Blurred') });
  const merge = createRoute({ method: 'post', operationId: 'mergeComplaint', path: '/complaints/{id}/merge', tags: TAG, summary: 'Merge this duplicate into an original of the same tenant', middleware: [supervisor] as const, request: { ...id, ...jsonBody(MergeInputSchema) }, responses: detail('Merged') });
  const forward = createRoute({ method: 'post', operationId: 'forwardComplaint', path: '/complaints/{id}/forward', tags: TAG, summary: 'Forward to another body (utility operator, authority, chikaya.ma) with its reference', middleware: [supervisor] as const, request: { ...id, ...jsonBody(ForwardInputSchema) }, responses: detail('Forwarded') });
  const getCategories = createRoute({ method: 'get', operationId: 'listAdminComplaintCategories', path: '/complaint-settings/categories', tags: TAG, summary: 'Categories, inactive ones included', middleware: [staff] as const, responses: { 200: jsonContent(CategoryListSchema, 'Categories'), ...errorResponses(401, 403) } });
  const putCategories = createRoute({ method: 'put', operationId: 'replaceComplaintCategories', path: '/complaint-settings/categories', tags: TAG, summary: 'Replace the categories (deadline 1–60 days each)', middleware: [admin] as const, request: jsonBody(CategoriesInputSchema), responses: { 200: jsonContent(CategoryListSchema, 'Categories'), ...errorResponses(401, 403, 422) } });
  const getTemplates = createRoute({ method: 'get', operationId: 'listComplaintReplyTemplates', path: '/complaint-settings/templates', tags: TAG, summary: 'Reply templates per state, in ar/fr/zgh', middleware: [staff] as const, responses: { 200: jsonContent(ReplyTemplateListSchema, 'Templates'), ...errorResponses(401, 403) } });
  const putTemplates = createRoute({ method: 'put', operationId: 'replaceComplaintReplyTemplates', path: '/complaint-settings/templates', tags: TAG, summary: 'Replace the reply templates', middleware: [admin] as const, request: jsonBody(ReplyTemplatesInputSchema), responses: { 200: jsonContent(ReplyTemplateListSchema, 'Templates'), ...errorResponses(401, 403, 422) } });
  const getArea = createRoute({ method: 'get', operationId: 'getComplaintArea', path: '/complaint-settings/area', tags: TAG, summary: "The box a complaint's map point must fall in (null: anywhere in Morocco)", middleware: [staff] as const, responses: { 200: jsonContent(ComplaintAreaSettingSchema, 'The area'), ...errorResponses(401, 403) } });
  const putArea = createRoute({ method: 'put', operationId: 'setComplaintArea', path: '/complaint-settings/area', tags: TAG, summary: "Set or clear the commune's area (a box inside Morocco)", middleware: [admin] as const, request: jsonBody(ComplaintAreaInputSchema), responses: { 200: jsonContent(ComplaintAreaSettingSchema, 'The area'), ...errorResponses(401, 403, 422) } });
  const getKeys = createRoute({ method: 'get', operationId: 'listOpen311Keys', path: '/open311-keys', tags: TAG, summary: 'Open311 API keys (never the keys themselves)', middleware: [admin] as const, responses: { 200: jsonContent(Open311KeyListSchema, 'Keys'), ...errorResponses(401, 403) } });
  const postKey = createRoute({ method: 'post', operationId: 'createOpen311Key', path: '/open311-keys', tags: TAG, summary: 'Issue a key to an Open311 client (shown once)', middleware: [admin] as const, request: jsonBody(Open311KeyInputSchema), responses: { 201: jsonContent(Open311NewKeySchema, 'The key, shown once'), ...errorResponses(401, 403, 422) } });
  const deleteKey = createRoute({ method: 'delete', operationId: 'revokeOpen311Key', path: '/open311-keys/{keyId}', tags: TAG, summary: 'Revoke a key', middleware: [admin] as const, request: { params: Open311KeyParamSchema }, responses: { 204: { description: 'Revoked' }, ...errorResponses(401, 403) } });

  return newRouter()
    .openapi(queue, async (c) => c.json(await staffQueue(deps, c.var.resolved, c.var.staff, c.req.valid('query')), 200))
    // The categories are public data (the form shows them): through the cache of public reads, which every
    // staff write drops (the queue asks for them on each page; issue 14).
    .openapi(getCategories, async (c) => c.json({ categories: withQuestions(await listCategories(deps.db, c.var.resolved, { all: true, remember: remembering(deps, c.var.resolved) })) }, 200))
    .openapi(putCategories, async (c) => c.json({ categories: withQuestions(await replaceCategories(deps.db, c.var.resolved, c.req.valid('json').categories, changeContext(c, deps))) }, 200))
    .openapi(getTemplates, async (c) => c.json({ templates: await listReplyTemplates(deps.db, c.var.resolved) }, 200))
    .openapi(putTemplates, async (c) => c.json({ templates: await replaceReplyTemplates(deps.db, c.var.resolved, c.req.valid('json').templates, changeContext(c, deps)) }, 200))
    .openapi(getArea, async (c) => c.json(await getComplaintArea(deps.db, c.var.resolved), 200))
    .openapi(putArea, async (c) => c.json(await setComplaintArea(deps.db, c.var.resolved, c.req.valid('json').area, changeContext(c, deps)), 200))
    .openapi(getKeys, async (c) => c.json({ keys: await listKeys(deps.db, c.var.resolved) }, 200))
    .openapi(postKey, async (c) => c.json(await createKey(deps.db, c.var.resolved, c.req.valid('json').name, changeContext(c, deps)), 201))
    .openapi(deleteKey, async (c) => {
      await revokeKey(deps.db, c.var.resolved, c.req.valid('param').keyId, changeContext(c, deps));
      return c.body(null, 204);
    })
    .openapi(fileFor, async (c) => {
      const { input, photos } = await readSubmission(c, deps, StaffComplaintInputSchema);
      const { id: _id, ...result } = await submitComplaint(deps, c.var.resolved, input, { channel: input.channel, by: changeContext(c, deps), photos, sms: input.receiptBy === 'sms' });
      return c.json(result, 201);
    })
    .openapi(get, async (c) => c.json(await staffComplaintDetail(deps, c.var.resolved, c.var.staff, c.req.valid('param').id), 200))
    .openapi(photo, async (c) => {
      const { id: complaintId, fileId } = c.req.valid('param');
      const file = await staffPhoto(deps, c.var.resolved, c.var.staff, complaintId, fileId);
      return fileResponse(c, deps.storage, file, { cacheControl: 'private, no-store', logger: deps.logger });
    })
    .openapi(assign, async (c) => c.json(await assignComplaint(deps, c.var.resolved, c.var.staff, c.req.valid('param').id, c.req.valid('json'), changeContext(c, deps)), 200))
    .openapi(reply, async (c) => c.json(await replyToComplaint(deps, c.var.resolved, c.var.staff, c.req.valid('param').id, c.req.valid('json'), changeContext(c, deps)), 200))
    .openapi(state, async (c) => c.json(await changeComplaintState(deps, c.var.resolved, c.var.staff, c.req.valid('param').id, c.req.valid('json'), changeContext(c, deps)), 200))
    .openapi(redact, async (c) => c.json(await redactComplaint(deps, c.var.resolved, c.var.staff, c.req.valid('param').id, c.req.valid('json'), changeContext(c, deps)), 200))
    .openapi(review, async (c) => {
      const { id: complaintId, fileId } = c.req.valid('param');
      return c.json(await reviewPhoto(deps, c.var.resolved, c.var.staff, complaintId, fileId, c.req.valid('json').status, changeContext(c, deps)), 200);
    })
    .openapi(blur, async (c) => {
      const { id: complaintId, fileId } = c.req.valid('param');
      return c.json(await blurPhoto(deps, c.var.resolved, c.var.staff, complaintId, fileId, c.req.valid('json'), changeContext(c, deps)), 200);
    })
    .openapi(merge, async (c) => c.json(await mergeComplaint(deps, c.var.resolved, c.var.staff, c.req.valid('param').id, c.req.valid('json').into, changeContext(c, deps)), 200))
    .openapi(forward, async (c) => c.json(await forwardComplaint(deps, c.var.resolved, c.var.staff, c.req.valid('param').id, c.req.valid('json'), changeContext(c, deps)), 200));
}

export type { z };
