import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { remembering } from '../app-deps.ts';
import type { AppDeps, AppEnv } from '../http/context.ts';
import { bodyLimit } from '../http/body-limit.ts';
import { newRouter } from '../http/openapi.ts';
import { clientIp } from '../http/request.ts';
import { errorResponse, errorResponses, jsonContent } from '../http/responses.ts';
import { fileResponse } from '../files/file-response.ts';
import { discardFile, storeUpload, type StoredFile } from '../files/files.service.ts';
import { answerPart, answerWithin, jsonAnswer, KeyTaken } from '../idempotency/idempotency.service.ts';
import { idempotent } from '../idempotency/idempotent.ts';
import { AppError, validationError } from '../shared/errors.ts';
import { submissionLimit, throttleSubmissions } from '../throttling/throttle-submissions.ts';
import {
  ATTRIBUTE_FIELD,
  CategoryListSchema,
  ComplaintInputSchema,
  MAX_PHOTOS,
  MeTooResultSchema,
  PHOTO_FIELD,
  PhotoParamSchema,
  PrivateComplaintSchema,
  PublicComplaintAreaSchema,
  PublicComplaintSchema,
  PublicListQuerySchema,
  PublicListSchema,
  StatisticsQuerySchema,
  StatisticsSchema,
  SUBMISSION_MAX_BYTES,
  SubmissionResultSchema,
  TokenParamSchema,
  TrackParamSchema,
  type FilingInput,
} from './complaints.schemas.ts';
import {
  addSupporter,
  complaintStatistics,
  findComplaintPhoto,
  getPrivateComplaint,
  listCategories,
  listPublic,
  publicComplaintArea,
  submitComplaint,
  trackComplaint,
  withQuestions,
  yearlyReportCsv,
} from './complaints.service.ts';

const FORM = /^(multipart\/form-data|application\/x-www-form-urlencoded)\b/i;

/**
 * A submission as JSON, or as a form (the page's own form posted without JavaScript, with its photos):
 * the fields validated by one schema, the photos stored (re-encoded, metadata dropped) before any
 * transaction. Shared with the staff route that files on a caller's behalf.
 */
export async function readSubmission<S extends z.ZodType<FilingInput>>(
  c: Context<AppEnv>,
  deps: Pick<AppDeps, 'storage'>,
  schema: S,
): Promise<{ input: z.infer<S>; photos: StoredFile[] }> {
  const type = c.req.header('content-type') ?? '';
  let raw: Record<string, unknown>;
  const files: File[] = [];
  if (FORM.test(type)) {
    raw = {};
    const attributes: Record<string, string[]> = {};
    for (const [name, value] of (await c.req.formData()).entries()) {
      const attribute = ATTRIBUTE_FIELD.exec(name);
      if (attribute && typeof value === 'string') (attributes[attribute[1] as string] ??= []).push(value);
      else if (typeof value === 'string') raw[name] = value;
      else if (name === PHOTO_FIELD && value.size > 0) files.push(value);
    }
    // One value is a string (a list's key, a text); several are the keys of a multivaluelist.
    if (Object.keys(attributes).length > 0) raw.attributes = Object.fromEntries(Object.entries(attributes).map(([k, v]) => [k, v.length === 1 ? v[0] : v]));
  } else {
    raw = (await c.req.json().catch(() => {
      throw new AppError('BAD_REQUEST', 'the body is not JSON');
    })) as Record<string, unknown>;
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw validationError(parsed.error);
  if (files.length > MAX_PHOTOS) throw new AppError('TOO_MANY_PHOTOS', `at most ${MAX_PHOTOS} photos`, { max: MAX_PHOTOS });
  const tenantId = c.var.resolved.tenant.id;
  const photos: StoredFile[] = [];
  try {
    for (const file of files) photos.push(await storeUpload(deps.storage, tenantId, 'complaint_photo', new Uint8Array(await file.arrayBuffer()), { declaredSize: file.size }));
  } catch (err) {
    for (const p of photos) await discardFile(deps.storage, p);
    throw err;
  }
  return { input: parsed.data, photos };
}

const formOrJson = {
  body: {
    content: {
      'application/json': { schema: ComplaintInputSchema },
      // The same fields, and up to MAX_PHOTOS files in `photo` (PNG, JPEG or WebP).
      'multipart/form-data': { schema: ComplaintInputSchema },
      'application/x-www-form-urlencoded': { schema: ComplaintInputSchema },
    },
    // Validated by the handler (form or JSON alike); not `required`, so the generated validators keep to their own media type.
    required: false,
  },
};

/**
 * Complaints, for anyone on the tenant's host (`/api/v1/complaints…`): filing, tracking, the private
 * link, the public map and list, "me too", statistics and the yearly report.
 */
export function complaintsRoutes(deps: AppDeps) {
  const categories = createRoute({
    method: 'get',
    operationId: 'listComplaintCategories',
    path: '/complaints/categories',
    tags: ['complaints'],
    summary: 'The categories a resident may choose',
    responses: { 200: jsonContent(CategoryListSchema, 'Categories'), ...errorResponses() },
  });
  const area = createRoute({
    method: 'get',
    operationId: 'getPublicComplaintArea',
    path: '/complaints/area',
    tags: ['complaints'],
    summary: "The box a map point must fall in, set by the tenant (null: anywhere in Morocco); the form's map opens on it",
    responses: { 200: jsonContent(PublicComplaintAreaSchema, 'The area'), ...errorResponses() },
  });
  const submit = createRoute({
    method: 'post',
    operationId: 'submitComplaint',
    path: '/complaints',
    tags: ['complaints'],
    summary: 'File a complaint (JSON, or a form with up to 3 photos); idempotent with an Idempotency-Key or the form token',
    middleware: [
      bodyLimit({ maxBytes: SUBMISSION_MAX_BYTES }),
      // The key claimed in the complaint's own transaction (`claimInHandler`): one unit of work, not two.
      idempotent(deps, { scope: 'complaints.create', onClaim: submissionLimit(deps, { operation: 'complaints.create' }), claimInHandler: true }),
    ] as const,
    request: formOrJson,
    responses: {
      201: jsonContent(SubmissionResultSchema, 'The tracking number and the private link (shown once)'),
      ...errorResponses(409, 422, 429),
      413: errorResponse('PAYLOAD_TOO_LARGE or IMAGE_TOO_LARGE'),
      415: errorResponse('UNSUPPORTED_IMAGE: a photo is not a readable PNG, JPEG or WebP'),
    },
  });
  const track = createRoute({
    method: 'get',
    operationId: 'trackComplaint',
    path: '/complaints/track/{tracking}',
    tags: ['complaints'],
    summary: 'Public steps of a complaint by its tracking number (nothing personal)',
    request: { params: TrackParamSchema },
    responses: { 200: jsonContent(PublicComplaintSchema, 'The complaint'), ...errorResponses() },
  });
  const meToo = createRoute({
    method: 'post',
    operationId: 'supportComplaint',
    path: '/complaints/track/{tracking}/supporters',
    tags: ['complaints'],
    summary: '"Me too": count one more resident concerned (once per client)',
    middleware: [throttleSubmissions(deps, { operation: 'complaints.me_too' })] as const,
    request: { params: TrackParamSchema },
    responses: { 200: jsonContent(MeTooResultSchema, 'The count'), ...errorResponses(429) },
  });
  const privateView = createRoute({
    method: 'get',
    operationId: 'getPrivateComplaint',
    path: '/complaints/private/{token}',
    tags: ['complaints'],
    summary: "The resident's own complaint, by the private link's token",
    request: { params: TokenParamSchema },
    responses: { 200: jsonContent(PrivateComplaintSchema, 'The complaint'), ...errorResponses() },
  });
  const privatePhoto = createRoute({
    method: 'get',
    operationId: 'getPrivateComplaintPhoto',
    path: '/complaints/private/{token}/photos/{fileId}',
    tags: ['complaints'],
    summary: 'A photo of the complaint, for its resident (not hidden by staff)',
    request: { params: TokenParamSchema.extend(PhotoParamSchema.shape) },
    responses: { 200: { description: 'The image (JPEG, no metadata)' }, ...errorResponses() },
  });
  const list = createRoute({
    method: 'get',
    operationId: 'listPublicComplaints',
    path: '/complaints',
    tags: ['complaints'],
    summary: 'Reported problems for the map and list (nothing personal; text once reviewed; reviewed photos)',
    request: { query: PublicListQuerySchema },
    responses: { 200: jsonContent(PublicListSchema, 'A page, newest first'), ...errorResponses(422) },
  });
  const publicPhoto = createRoute({
    method: 'get',
    operationId: 'getComplaintPhoto',
    path: '/complaints/photos/{fileId}',
    tags: ['complaints'],
    summary: 'A photo published by staff',
    request: { params: PhotoParamSchema },
    responses: { 200: { description: 'The image (JPEG, no metadata)' }, ...errorResponses() },
  });
  const statistics = createRoute({
    method: 'get',
    operationId: 'getComplaintStatistics',
    path: '/complaints/statistics',
    tags: ['complaints'],
    summary: 'Received, resolved, median time to resolve, share within the deadline: in total, by category and by month',
    request: { query: StatisticsQuerySchema },
    responses: { 200: jsonContent(StatisticsSchema, 'Statistics of a year (this year by default)'), ...errorResponses(422) },
  });
  const report = createRoute({
    method: 'get',
    operationId: 'getComplaintYearlyReport',
    path: '/complaints/statistics/report.csv',
    tags: ['complaints'],
    summary: 'The yearly report (décret 2.17.265) as CSV',
    request: { query: StatisticsQuerySchema },
    responses: { 200: { description: 'CSV, UTF-8 with BOM', content: { 'text/csv': { schema: z.string() } } }, ...errorResponses(422) },
  });

  return newRouter()
    .openapi(categories, async (c) => c.json({ categories: withQuestions(await listCategories(deps.db, c.var.resolved, { remember: remembering(deps, c.var.resolved) })) }, 200))
    .openapi(area, async (c) => c.json(await publicComplaintArea(deps.db, c.var.resolved, remembering(deps, c.var.resolved)), 200))
    .openapi(submit, async (c) => {
      const { input, photos } = await readSubmission(c, deps, ComplaintInputSchema);
      // With an Idempotency-Key, its answer is stored in the complaint's own transaction: exactly once.
      const held = c.get('heldKey');
      try {
        const { id: _id, ...result } = await submitComplaint(deps, c.var.resolved, input, {
          channel: 'web',
          photos,
          remember: remembering(deps, c.var.resolved),
          sms: input.smsReceipt,
          keyAnswer: held && { claim: held.claimIn, part: (json) => answerPart(held, 201, json), within: (tx, answer) => answerWithin(tx, held, jsonAnswer(201, answer)) },
        });
        return c.json(result, 201);
      } catch (err) {
        // The key was answered already (a retry: the same bytes again, as stored) or another request holds it.
        // The stored answer is a response of this route's, but not typed as one: hence the cast.
        if (err instanceof KeyTaken && held?.answerTaken) return (await held.answerTaken(err)) as never;
        throw err;
      }
    })
    .openapi(track, async (c) => c.json(await trackComplaint(deps, c.var.resolved, c.req.valid('param').tracking), 200))
    .openapi(meToo, async (c) => {
      const client = clientIp(c, deps.config) ?? 'unknown';
      return c.json(await addSupporter(deps, c.var.resolved, c.req.valid('param').tracking, client), 200);
    })
    .openapi(privateView, async (c) => {
      c.header('Cache-Control', 'no-store');
      c.header('Referrer-Policy', 'no-referrer');
      return c.json(await getPrivateComplaint(deps, c.var.resolved, c.req.valid('param').token), 200);
    })
    .openapi(privatePhoto, async (c) => {
      const { token, fileId } = c.req.valid('param');
      const file = await findComplaintPhoto(deps, c.var.resolved, fileId, token);
      return fileResponse(c, deps.storage, file, { cacheControl: 'private, no-store', logger: deps.logger });
    })
    .openapi(list, async (c) => c.json(await listPublic(deps, c.var.resolved, c.req.valid('query')), 200))
    .openapi(publicPhoto, async (c) => {
      const file = await findComplaintPhoto(deps, c.var.resolved, c.req.valid('param').fileId);
      // Not cached by shared caches: staff may hide a published photo.
      return fileResponse(c, deps.storage, file, { cacheControl: 'public, max-age=300', logger: deps.logger });
    })
    .openapi(statistics, async (c) => c.json(await complaintStatistics(deps, c.var.resolved, c.req.valid('query').year), 200))
    .openapi(report, async (c) => {
      const { year, csv } = await yearlyReportCsv(deps, c.var.resolved, c.req.valid('query').year);
      return c.body(csv, 200, { 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': `attachment; filename="complaints-${year}.csv"` });
    });
}
