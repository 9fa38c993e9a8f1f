/** A UUID in its text form (any case), as PostgreSQL prints and reads it. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** @example isUuid('1f0e8c3a-7b2d-4c1e-9a5f-0d2b6c4e8a10') // → true */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}
