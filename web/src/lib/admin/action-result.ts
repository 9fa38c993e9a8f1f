// What a page makes of its form action's answer: SvelteKit types `form` as the union of every action's
// result, each with the others' fields made optional, so a failure is told apart by its error code.

/**
 * The refusal among an action's results (it carries an API error code), or null after a success.
 *
 * @example failureOf({ code: 'VALIDATION_FAILED', fields: {}, values: {} }) // → the same object
 * @example failureOf({ saved: true }) // → null
 */
export function failureOf<T extends { code?: string | undefined }>(form: T | null | undefined): (T & { code: string }) | null {
  return form && typeof form.code === 'string' ? (form as T & { code: string }) : null;
}
