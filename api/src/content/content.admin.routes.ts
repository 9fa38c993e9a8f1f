import { createRoute, z } from '@hono/zod-openapi';
import { bodyLimit, streamedBodyLimit } from '../http/body-limit.ts';
import type { AppDeps } from '../http/context.ts';
import { newRouter } from '../http/openapi.ts';
import { changeContext } from '../http/request.ts';
import { errorResponse, errorResponses, jsonBody, jsonContent } from '../http/responses.ts';
import { declaredSizeOf, requestBody } from '../files/upload-body.ts';
import { PURPOSE_RULES } from '../files/files.service.ts';
import { requireRole } from '../sessions/require-staff.ts';
import {
  AdminItemSchema,
  AdminListQuerySchema,
  AdminListSchema,
  ContentInputSchema,
  EditableSitesSchema,
  FileParamSchema,
  IdParamSchema,
  PreviewInputSchema,
  PreviewSchema,
  PublishInputSchema,
  RevisionListSchema,
  RevisionParamSchema,
  TargetQuerySchema,
} from './content.schemas.ts';
import {
  attachFile,
  createItem,
  deleteItemOf,
  detachFile,
  editableArrondissements,
  getForAdmin,
  listForAdmin,
  publishItem,
  restoreRevision,
  revisionsOf,
  targetTenant,
  unpublishItem,
  updateItemOf,
} from './content.service.ts';
import { renderMarkdown } from './markdown.ts';

/**
 * The public site's content, for editors and administrators (`/api/v1/admin/content`). On a commune's
 * host, `?tenant=<arrondissement slug>` writes to that arrondissement's site when the editor holds a role
 * there (`GET /content-sites` lists those arrondissements; another one is refused with 403
 * `SITE_NOT_EDITABLE`). Every change is audited and kept as a revision; a change that may show publicly announces a
 * tenant change, so every process drops its cached pages of that tenant.
 */
export function contentAdminRoutes(deps: AppDeps) {
  const editor = requireRole(['administrator', 'editor']);
  // Markdown bodies in three languages exceed the app-wide 64 KiB.
  const large = bodyLimit({ maxBytes: 512 * 1024 });
  const upload = streamedBodyLimit({ maxBytes: PURPOSE_RULES.document.maxBytes });
  const tags = ['content'];

  const list = createRoute({
    method: 'get',
    operationId: 'listAdminContent',
    path: '/content',
    tags,
    summary: 'This tenant’s content (all states), one kind when asked, with missing translations',
    middleware: [editor] as const,
    request: { query: AdminListQuerySchema },
    responses: { 200: jsonContent(AdminListSchema, 'Items'), ...errorResponses(401, 403) },
  });
  const get = createRoute({
    method: 'get',
    operationId: 'getAdminContent',
    path: '/content/{id}',
    tags,
    summary: 'One item, every language',
    middleware: [editor] as const,
    request: { params: IdParamSchema, query: TargetQuerySchema },
    responses: { 200: jsonContent(AdminItemSchema, 'The item'), ...errorResponses(401, 403) },
  });
  const create = createRoute({
    method: 'post',
    operationId: 'createContent',
    path: '/content',
    tags,
    summary: 'A new draft (its address is made from the French title when left out)',
    middleware: [editor, large] as const,
    request: { query: TargetQuerySchema, ...jsonBody(ContentInputSchema) },
    responses: { 201: jsonContent(AdminItemSchema, 'The draft'), ...errorResponses(401, 403, 422), 409: errorResponse('CONTENT_SLUG_TAKEN') },
  });
  const update = createRoute({
    method: 'put',
    operationId: 'updateContent',
    path: '/content/{id}',
    tags,
    summary: 'Replace an item’s texts and fields (a new revision; its state is kept)',
    middleware: [editor, large] as const,
    request: { params: IdParamSchema, query: TargetQuerySchema, ...jsonBody(ContentInputSchema) },
    responses: { 200: jsonContent(AdminItemSchema, 'The item'), ...errorResponses(401, 403, 422), 409: errorResponse('CONTENT_SLUG_TAKEN') },
  });
  const publish = createRoute({
    method: 'post',
    operationId: 'publishContent',
    path: '/content/{id}/publish',
    tags,
    summary: 'Publish now, or schedule for a future `publishAt`',
    middleware: [editor] as const,
    request: { params: IdParamSchema, query: TargetQuerySchema, ...jsonBody(PublishInputSchema) },
    responses: { 200: jsonContent(AdminItemSchema, 'The item'), ...errorResponses(401, 403, 422) },
  });
  const unpublish = createRoute({
    method: 'post',
    operationId: 'unpublishContent',
    path: '/content/{id}/unpublish',
    tags,
    summary: 'Back to draft (off the public site)',
    middleware: [editor] as const,
    request: { params: IdParamSchema, query: TargetQuerySchema },
    responses: { 200: jsonContent(AdminItemSchema, 'The item'), ...errorResponses(401, 403) },
  });
  const remove = createRoute({
    method: 'delete',
    operationId: 'deleteContent',
    path: '/content/{id}',
    tags,
    summary: 'Delete an item and its revisions',
    middleware: [editor] as const,
    request: { params: IdParamSchema, query: TargetQuerySchema },
    responses: { 204: { description: 'Deleted' }, ...errorResponses(401, 403) },
  });
  const revisions = createRoute({
    method: 'get',
    operationId: 'listContentRevisions',
    path: '/content/{id}/revisions',
    tags,
    summary: 'Every saved version of an item, newest first',
    middleware: [editor] as const,
    request: { params: IdParamSchema, query: TargetQuerySchema },
    responses: { 200: jsonContent(RevisionListSchema, 'Revisions'), ...errorResponses(401, 403) },
  });
  const restore = createRoute({
    method: 'post',
    operationId: 'restoreContentRevision',
    path: '/content/{id}/revisions/{revision}/restore',
    tags,
    summary: 'Bring back an earlier version’s texts, fields and files (as a new revision; the state is kept)',
    middleware: [editor] as const,
    request: { params: RevisionParamSchema, query: TargetQuerySchema },
    responses: { 200: jsonContent(AdminItemSchema, 'The item'), ...errorResponses(401, 403) },
  });
  const attach = createRoute({
    method: 'post',
    operationId: 'attachContentFile',
    path: '/content/{id}/files',
    tags,
    summary: 'Attach an image (re-encoded to WebP, resized, metadata removed) or a PDF; the raw bytes are the body',
    middleware: [editor, upload] as const,
    request: {
      params: IdParamSchema,
      query: TargetQuerySchema.extend({
        purpose: z.enum(['image', 'document']),
        name: z.string().trim().max(200).optional(),
        lang: z.enum(['ar', 'fr', 'zgh']).default('fr'),
      }),
    },
    responses: {
      200: jsonContent(AdminItemSchema, 'The item with the file'),
      ...errorResponses(401, 403),
      413: errorResponse('FILE_TOO_LARGE / IMAGE_TOO_LARGE'),
      415: errorResponse('UNSUPPORTED_FILE_TYPE / UNSUPPORTED_IMAGE (judged from the bytes)'),
    },
  });
  const detach = createRoute({
    method: 'delete',
    operationId: 'detachContentFile',
    path: '/content/{id}/files/{fileId}',
    tags,
    summary: 'Take a file off an item (as a new revision; earlier revisions keep it)',
    middleware: [editor] as const,
    request: { params: FileParamSchema, query: TargetQuerySchema },
    responses: { 200: jsonContent(AdminItemSchema, 'The item without the file'), ...errorResponses(401, 403) },
  });
  const preview = createRoute({
    method: 'post',
    operationId: 'previewMarkdown',
    path: '/content-preview',
    tags,
    summary: 'Markdown rendered as the public site will show it (sanitised HTML)',
    middleware: [editor, large] as const,
    request: jsonBody(PreviewInputSchema),
    responses: { 200: jsonContent(PreviewSchema, 'HTML'), ...errorResponses(401, 403) },
  });

  const sites = createRoute({
    method: 'get',
    operationId: 'listEditableContentSites',
    path: '/content-sites',
    tags,
    summary: 'The commune’s arrondissements whose site this editor may write to (`?tenant=<slug>` on the content routes); empty elsewhere',
    middleware: [editor] as const,
    responses: { 200: jsonContent(EditableSitesSchema, 'The arrondissements'), ...errorResponses(401, 403) },
  });

  const target = (c: { var: { resolved: Parameters<typeof targetTenant>[1]; staff: { userId: string } } }, slug: string | undefined) =>
    targetTenant(deps.db, c.var.resolved, c.var.staff.userId, slug);

  return newRouter()
    .openapi(list, async (c) => {
      const q = c.req.valid('query');
      const tenant = await target(c, q.tenant);
      return c.json({ items: await listForAdmin(deps.db, tenant, q.kind, deps.clock()) }, 200);
    })
    .openapi(sites, async (c) => c.json(await editableArrondissements(deps.db, c.var.resolved, c.var.staff.userId, c.var.origin), 200))
    .openapi(preview, async (c) => c.json({ html: renderMarkdown(c.req.valid('json').markdown) }, 200))
    .openapi(get, async (c) => c.json(await getForAdmin(deps.db, await target(c, c.req.valid('query').tenant), c.req.valid('param').id, deps.clock()), 200))
    .openapi(create, async (c) => c.json(await createItem(deps.db, await target(c, c.req.valid('query').tenant), c.req.valid('json'), changeContext(c, deps)), 201))
    .openapi(update, async (c) =>
      c.json(await updateItemOf(deps.db, await target(c, c.req.valid('query').tenant), c.req.valid('param').id, c.req.valid('json'), changeContext(c, deps)), 200),
    )
    .openapi(publish, async (c) =>
      c.json(await publishItem(deps.db, await target(c, c.req.valid('query').tenant), c.req.valid('param').id, c.req.valid('json').publishAt, changeContext(c, deps)), 200),
    )
    .openapi(unpublish, async (c) => c.json(await unpublishItem(deps.db, await target(c, c.req.valid('query').tenant), c.req.valid('param').id, changeContext(c, deps)), 200))
    .openapi(remove, async (c) => {
      await deleteItemOf(deps.db, await target(c, c.req.valid('query').tenant), c.req.valid('param').id, changeContext(c, deps));
      return c.body(null, 204);
    })
    .openapi(revisions, async (c) => c.json({ revisions: await revisionsOf(deps.db, await target(c, c.req.valid('query').tenant), c.req.valid('param').id) }, 200))
    .openapi(restore, async (c) => {
      const { id, revision } = c.req.valid('param');
      return c.json(await restoreRevision(deps.db, await target(c, c.req.valid('query').tenant), id, revision, changeContext(c, deps)), 200);
    })
    .openapi(detach, async (c) => {
      const { id, fileId } = c.req.valid('param');
      return c.json(await detachFile(deps.db, await target(c, c.req.valid('query').tenant), id, fileId, changeContext(c, deps)), 200);
    })
    .openapi(attach, async (c) => {
      const q = c.req.valid('query');
      const tenant = await target(c, q.tenant);
      const name = q.name ? { [q.lang]: q.name } : {};
      return c.json(
        await attachFile(deps, tenant, c.req.valid('param').id, q.purpose, name, { body: requestBody(c), declaredSize: declaredSizeOf(c) }, changeContext(c, deps)),
        200,
      );
    });
}
