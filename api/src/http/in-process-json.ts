// A JSON answer to an in-process caller (web's API client) keeps the text it was made from, so that the
// caller parses that text instead of having it turned into bytes, a stream and back into text first (the
// body of a `Response`): on an uncached page, whose four or five API calls each answer JSON, that round
// trip was ≈8 % of the server's CPU. The text is exactly what a client over HTTP would receive.
//
// Parts that many answers carry and that never change once made (a published catalogue version's service
// card, a city's arrondissement offices of one kind, the summaries of a listing of services, all kept by the
// process) can be named by the route (`withSharedParts`): for an in-process caller each is written to JSON
// once, and parsed once into a frozen copy that every caller's answer then holds, instead of once per answer
// each way.
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from './context.ts';

/** What an in-process caller's `json()` gives: the kept text parsed, or the answer made from its parts. */
interface Kept {
  readonly text: string;
  readonly value?: () => unknown;
}

/** A shared part: its JSON text, and its parsed, frozen copy once an in-process caller asked for it. */
interface Part {
  readonly text: string;
  parsed?: unknown;
}

/**
 * How a named property of an answer is shared: `whole`, the object or array itself; `each`, every object of
 * an array made for this answer (a listing of kept service summaries, in the order of the request).
 */
export type Sharing = 'whole' | 'each';

/** Shared by every copy of this module in the process (the server's and SvelteKit's bundle), as the runtime is. */
const KEY = Symbol.for('jamaa.inProcessJson');
interface Store {
  readonly texts: WeakMap<Response, Kept>;
  /** Answers with shared parts → how each named property is shared. */
  readonly composed: WeakMap<object, Readonly<Record<string, Sharing | undefined>>>;
  readonly parts: WeakMap<object, Part>;
}
type Holder = { [KEY]?: Store };
const store: Store = ((globalThis as Holder)[KEY] ??= { texts: new WeakMap(), composed: new WeakMap(), parts: new WeakMap() });

/**
 * Names the parts of `answer` (its own properties, or the objects of an array property) that are shared
 * between answers and never changed in place — the same object for every request until the process drops
 * it, as what the cache of public reads keeps — so that an in-process caller's JSON of them is made once.
 * The answer is unchanged.
 */
export function withSharedParts<T extends object>(answer: T, parts: { readonly [K in keyof T & string]?: Sharing }): T {
  store.composed.set(answer, parts);
  return answer;
}

function isObject(value: unknown): value is object {
  return typeof value === 'object' && value !== null;
}

function partOf(value: object): Part {
  let part = store.parts.get(value);
  if (!part) {
    part = { text: JSON.stringify(value) };
    store.parts.set(value, part);
  }
  return part;
}

function parsedPart(part: Part): unknown {
  return (part.parsed ??= deepFreeze(JSON.parse(part.text)));
}

function deepFreeze(value: unknown): unknown {
  if (isObject(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/** One property's JSON text and how to give its parsed value (null: the property has no JSON value). */
interface Piece {
  readonly text: string;
  readonly value: () => unknown;
}

/** What `JSON.stringify` writes for an array's element that has no JSON value. */
const NULL_PIECE: Piece = { text: 'null', value: () => null };

function plainPiece(value: unknown): Piece | null {
  const text = JSON.stringify(value) as string | undefined;
  return text === undefined ? null : { text, value: () => JSON.parse(text) };
}

function sharedPiece(value: object): Piece {
  const part = partOf(value);
  return { text: part.text, value: () => parsedPart(part) };
}

function piece(value: unknown, sharing: Sharing | undefined): Piece | null {
  if (sharing === 'whole' && isObject(value)) return sharedPiece(value);
  if (sharing === 'each' && Array.isArray(value)) {
    // As `JSON.stringify` writes an array: an element without a JSON value is `null`.
    const elements: unknown[] = value;
    const pieces = elements.map((element) => (isObject(element) ? sharedPiece(element) : (plainPiece(element) ?? NULL_PIECE)));
    return { text: `[${pieces.map((p) => p.text).join(',')}]`, value: () => pieces.map((p) => p.value()) };
  }
  return plainPiece(value);
}

/**
 * The JSON text of an answer with shared parts, exactly as `JSON.stringify` writes it (its own enumerable
 * properties in order, those without a JSON value left out), and its parsed value: the shared parts' frozen
 * copies, the rest parsed from its own text.
 */
function composedAnswer(answer: object, sharing: Readonly<Record<string, Sharing | undefined>>): Kept {
  const entries: [string, Piece][] = [];
  for (const [key, value] of Object.entries(answer)) {
    const p = piece(value, Object.hasOwn(sharing, key) ? sharing[key] : undefined);
    if (p) entries.push([key, p]);
  }
  const text = `{${entries.map(([key, p]) => `${JSON.stringify(key)}:${p.text}`).join(',')}}`;
  // `fromEntries` defines own properties, as `JSON.parse` does (even one named `__proto__`).
  return { text, value: () => Object.fromEntries(entries.map(([key, p]) => [key, p.value()])) };
}

/**
 * For requests an in-process caller marks (`inProcess` in the bindings): `c.json` makes the same answer
 * as Hono's (the object's `JSON.stringify`, `Content-Type: application/json` unless given) and keeps its text.
 */
export function keepJsonForInProcessCallers() {
  return createMiddleware<AppEnv>(async (c, next) => {
    if (c.env?.inProcess) {
      const body = c.body;
      const json = (object: unknown, arg?: unknown, headers?: Record<string, string>) => {
        const sharing = isObject(object) ? store.composed.get(object) : undefined;
        const kept: Kept = sharing && isObject(object) ? composedAnswer(object, sharing) : { text: JSON.stringify(object) };
        const response = body(kept.text, arg as never, { 'Content-Type': 'application/json', ...headers });
        store.texts.set(response, kept);
        return response;
      };
      // The same signature as Hono's (its typed answer is a type only): the cast is the one place it is said.
      c.json = json as unknown as typeof c.json;
    }
    await next();
  });
}

/**
 * The answer, whose `json()` parses the kept text when it has one (the same answer otherwise). Only
 * for an answer this process's API made for an in-process caller. Shared parts of the value it gives are
 * frozen: a caller never changes them.
 */
export function readableInProcess<R extends Response>(response: R): R {
  const kept = store.texts.get(response);
  if (kept !== undefined) {
    const value = kept.value ?? (() => JSON.parse(kept.text));
    Object.defineProperty(response, 'json', { value: () => Promise.resolve(value()), configurable: true });
  }
  return response;
}
