// Form actions of the staff console: what they send back when the API refuses, in one shape that the
// form components show (a message for the form, one per field, and what the user typed).
import { fail, type ActionFailure } from '@sveltejs/kit';
import { z } from '@hono/zod-openapi';
import { errorBody } from './api.ts';

/** The details of a VALIDATION_FAILED answer: one entry per refused field. */
const ValidationDetails = z.array(z.object({ path: z.string().optional(), code: z.string().optional() }).loose());

/** What a refused form gets back: the API's error code, field errors, and the values to show again. */
export interface FormFailure {
  /** The API error code (`INVALID_CREDENTIALS`, `VALIDATION_FAILED`…), translated by the page as `errors:<code>`. */
  code: string;
  /** Field name → validation code (`invalid_format`, `too_small`, `required`…), translated as `validation:<code>`. */
  fields: Record<string, string>;
  /** What the user typed, minus passwords and codes, so nothing has to be typed again. */
  values: Record<string, string>;
  /** Seconds to wait, for a 429. */
  retryAfter?: number;
}

/** Fields whose value is never sent back to the page. */
const SECRET = /password|code|token/i;

/**
 * The submitted text fields, trimmed of nothing (a space may matter in a name), without files.
 *
 * @example formValues(await request.formData()) // → { email: 'a@b.ma', role: 'editor' }
 */
export function formValues(data: FormData): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, value] of data) if (typeof value === 'string') values[key] = value;
  return values;
}

/** The values safe to send back to the page: secrets are dropped. */
export function keptValues(values: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(values).filter(([key]) => !SECRET.test(key)));
}

/**
 * Turns an API refusal into a form failure with the same status. Validation details (`path`, zod
 * `code`) become field errors under the path's first segment, or under `fieldNames[path]` (or what the
 * function `fieldNames(path)` answers) when the API's field has another name in the form.
 */
export async function refused(
  response: Response,
  values: Record<string, string>,
  fieldNames: Record<string, string> | ((path: string) => string) = {},
): Promise<ActionFailure<FormFailure>> {
  const body = await errorBody(response);
  const code = body?.error.code ?? 'INTERNAL';
  const fields: Record<string, string> = {};
  const details = code === 'VALIDATION_FAILED' ? ValidationDetails.safeParse(body?.error.details) : null;
  for (const issue of details?.success ? details.data : []) {
    const path = issue.path ?? '';
    const name = typeof fieldNames === 'function' ? fieldNames(path) : (fieldNames[path] ?? path.split('.')[0] ?? '');
    if (name && !fields[name]) fields[name] = !values[name] ? 'required' : (issue.code ?? 'invalid_format');
  }
  const failure: FormFailure = { code, fields, values: keptValues(values) };
  const retryAfter = Number(response.headers.get('retry-after'));
  if (retryAfter > 0) failure.retryAfter = retryAfter;
  return fail(response.status >= 400 && response.status < 600 ? response.status : 500, failure);
}

/** A failure found before calling the API (a required field left empty, two passwords that differ). */
export function invalid(fields: Record<string, string>, values: Record<string, string>, code = 'VALIDATION_FAILED'): ActionFailure<FormFailure> {
  return fail(422, { code, fields, values: keptValues(values) });
}
