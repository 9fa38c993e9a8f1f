// The contact directory as the pages read it (type-only, from the one server module's return types).
import type { getContact } from '../server/api.ts';

export type ContactDirectoryView = Awaited<ReturnType<typeof getContact>>;
export type ContactLineView = ContactDirectoryView['lines'][number];
export type ContactOperatorView = ContactDirectoryView['operators'][number];

/** The numbers shown in the footer and on the home page: the `main` ones, at most three. */
export function mainLines(lines: readonly ContactLineView[], max = 3): ContactLineView[] {
  return lines.filter((l) => l.main).slice(0, max);
}
