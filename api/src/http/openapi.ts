import { OpenAPIHono, z } from '@hono/zod-openapi';
import type { AppEnv } from './context.ts';
import { validationError } from '../shared/errors.ts';

/** The one error shape of the API, as documented in the OpenAPI document. */
export const ErrorSchema = z
  .object({
    error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional(), requestId: z.string() }),
  })
  .openapi('Error');
export type ApiErrorBody = z.infer<typeof ErrorSchema>;

const json = { 'application/json': { schema: ErrorSchema } } as const;

/** Responses every tenant-scoped route may give, whatever it does. */
export const tenantErrorResponses = {
  400: { description: 'Malformed Host header', content: json },
  404: { description: 'No tenant at this host, or the resource is not there', content: json },
  422: { description: 'Invalid request', content: json },
  503: { description: 'The tenant is suspended', content: json },
} as const;

/**
 * A sub-app whose zod validation failures become `422 VALIDATION_FAILED` in the API's error shape.
 * Every feature router starts from this.
 */
export function newRouter(): OpenAPIHono<AppEnv> {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) throw validationError(result.error);
    },
  });
}
