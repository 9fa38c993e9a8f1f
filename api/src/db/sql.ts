/**
 * Escapes `\`, `%` and `_` so a user's text matches itself inside a `LIKE` pattern (PostgreSQL's default
 * escape character is the backslash).
 *
 * @example sql`name like ${`%${escapeLike(query)}%`}`
 */
export function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (ch) => `\\${ch}`);
}
