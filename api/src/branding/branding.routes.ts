import { createRoute, z } from '@hono/zod-openapi';
import { changeContext } from '../http/request.ts';
import { requireRole } from '../sessions/require-staff.ts';
import { errorResponse, errorResponses, jsonBody, jsonContent } from '../http/responses.ts';
import { streamedBodyLimit } from '../http/body-limit.ts';
import { AppError } from '../shared/errors.ts';
import type { AppDeps } from '../http/context.ts';
import { newRouter } from '../http/openapi.ts';
import { declaredSizeOf, requestBody } from '../files/upload-body.ts';
import { BrandingChangeSchema, BrandingSettingsSchema, LOGO_CONTENT_TYPES, LOGO_MAX_BYTES } from './branding.schemas.ts';
import { changeBranding, getBranding, removeLogo, replaceLogo } from './branding.service.ts';
import { assertLogoType } from './logo-image.ts';

const image = { schema: z.string().openapi({ format: 'binary' }) };

/**
 * A tenant's look, for its administrators (`/api/v1/admin/branding`): colours (checked for contrast
 * against white) and the logo (re-encoded as PNG). Every change is audited and reaches every process's
 * tenant cache through `changeTenant`.
 */
export function brandingRoutes(deps: AppDeps) {
  const admin = requireRole(['administrator']);
  // Above the app-wide 64 KiB: the body is streamed to storage, which counts the bytes as they arrive
  // (whatever Content-Length says); a declared length over 2 MB is refused before anything is read.
  const limit = streamedBodyLimit({
    maxBytes: LOGO_MAX_BYTES,
    tooLarge: (maxBytes) => new AppError('IMAGE_TOO_LARGE', `a logo is at most ${maxBytes} bytes`, { maxBytes }),
  });

  const get = createRoute({
    method: 'get',
    operationId: 'getBranding',
    path: '/branding',
    tags: ['branding'],
    summary: 'The colours and logo in effect, and which are inherited (from the commune, or the defaults)',
    middleware: [admin] as const,
    responses: { 200: jsonContent(BrandingSettingsSchema, 'Branding'), ...errorResponses(401, 403) },
  });
  const put = createRoute({
    method: 'put',
    operationId: 'changeBranding',
    path: '/branding',
    tags: ['branding'],
    summary: 'Set (or, with null, stop overriding) the primary and accent colours; each must reach 4.5:1 against white',
    middleware: [admin] as const,
    request: jsonBody(BrandingChangeSchema),
    responses: {
      200: jsonContent(BrandingSettingsSchema, 'The branding in effect'),
      ...errorResponses(401, 403),
      422: errorResponse('VALIDATION_FAILED, or CONTRAST_TOO_LOW with one `ContrastProblem` per refused colour in `details`'),
    },
  });
  const putLogo = createRoute({
    method: 'put',
    operationId: 'replaceLogo',
    path: '/branding/logo',
    tags: ['branding'],
    summary: 'Replace the logo: the raw PNG, JPEG or WebP image as the body (≤ 2 MB); stored as PNG within 512 × 512, metadata removed',
    middleware: [admin, limit] as const,
    request: { body: { content: Object.fromEntries(LOGO_CONTENT_TYPES.map((t) => [t, image])), required: true } },
    responses: {
      200: jsonContent(BrandingSettingsSchema, 'The branding in effect, with the new logo URL'),
      ...errorResponses(401, 403),
      413: errorResponse('IMAGE_TOO_LARGE: over 2 MB'),
      415: errorResponse('UNSUPPORTED_IMAGE: not PNG, JPEG or WebP (SVG included), or not decodable'),
    },
  });
  const deleteLogo = createRoute({
    method: 'delete',
    operationId: 'removeLogo',
    path: '/branding/logo',
    tags: ['branding'],
    summary: "Remove this tenant's own logo: its commune's shows again, or the default mark",
    middleware: [admin] as const,
    responses: { 200: jsonContent(BrandingSettingsSchema, 'The branding in effect'), ...errorResponses(401, 403) },
  });

  return newRouter()
    .openapi(get, async (c) => c.json(await getBranding(deps.db, c.var.resolved), 200))
    .openapi(put, async (c) => c.json(await changeBranding(deps.db, c.var.resolved, c.req.valid('json'), changeContext(c, deps)), 200))
    .openapi(putLogo, async (c) => {
      // The declared type must be one a logo is sent as, but only the bytes decide (files service):
      // they are counted as they arrive (the upload stops past 2 MB), typed and re-encoded.
      assertLogoType(c.req.header('content-type'));
      const upload = { body: requestBody(c), declaredSize: declaredSizeOf(c) };
      return c.json(await replaceLogo(deps, c.var.resolved, upload, changeContext(c, deps)), 200);
    })
    .openapi(deleteLogo, async (c) => c.json(await removeLogo(deps, c.var.resolved, changeContext(c, deps)), 200));
}
