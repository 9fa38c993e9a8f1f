// One copy of the texts every tenant's rows repeat. Provisioning copies the national contact directory into
// each tenant (tenants/contact/directory.yaml: "24/24 ساعة، 7/7 أيام", "Protection civile — ambulance…"), and
// the database hands back a new string for each row read: the cache of public reads then held 1,544 copies
// of each, ≈3.5 MB of V8's heap with every tenant active (docs/performance.md, h74). Strings cannot be
// changed, so handing out the one kept copy changes nothing a caller can see.

const kept = new Map<string, string>();
/** Distinct texts kept; past it the table starts afresh (what was handed out stays valid). */
const MAX_TEXTS = 20_000;
/** Longer texts are a tenant's own (notes, descriptions), rarely repeated elsewhere: not kept. */
const MAX_LENGTH = 200;

/** The one kept copy of `text` (the same characters). */
export function sharedText<T extends string | null>(text: T): T {
  if (text === null || text.length > MAX_LENGTH) return text;
  const known = kept.get(text);
  if (known !== undefined) return known as T;
  if (kept.size >= MAX_TEXTS) kept.clear();
  kept.set(text, text);
  return text;
}

/** A copy of a record of texts (a name in each language…) whose string values are the kept copies. */
export function sharedTexts<T extends object>(texts: T): T {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(texts)) out[key] = typeof value === 'string' ? sharedText(value) : value;
  return out as T;
}
