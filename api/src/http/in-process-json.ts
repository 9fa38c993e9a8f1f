// A JSON answer to an in-process caller (web's API client) keeps the text it was made from, so that the
// caller parses that text instead of having it turned into bytes, a stream and back into text first (the
// body of a `Response`): on an uncached page, whose four or five API calls each answer JSON, that round
// trip was ≈8 % of the server's CPU. The text is exactly what a client over HTTP would receive.
//
// Parts that many answers carry and that never change once made (a published catalogue version's service
// card, a city's arrondissement offices of one kind, both kept by the process) can be named by the route
// (`withSharedParts`): for an in-process caller each is written to JSON once, and parsed once into a frozen
// copy that every caller's answer then holds, instead of once per answer each way.
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

/** Shared by every copy of this module in the process (the server's and SvelteKit's bundle), as the runtime is. */
const KEY = Symbol.for('jamaa.inProcessJson');
interface Store {
  readonly texts: WeakMap<Response, Kept>;
  /** Answers with shared parts → the names of those parts. */
  readonly composed: WeakMap<object, readonly string[]>;
  readonly parts: WeakMap<object, Part>;
}
type Holder = { [KEY]?: Store };
const store: Store = ((globalThis as Holder)[KEY] ??= { texts: new WeakMap(), composed: new WeakMap(), parts: new WeakMap() });

/**
 * Names the parts of `answer` (its own properties) that are shared between answers and never changed in
 * place — the same object for every request until the process drops it, as what the cache of public reads
 * keeps — so that an in-process caller's JSON of them is made once. The answer is unchanged.
 */
export function withSharedParts<T extends object>(answer: T, names: readonly (keyof T & string)[]): T {
  store.composed.set(answer, names);
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

/**
 * The JSON text of an answer with shared parts, exactly as `JSON.stringify` writes it (its own enumerable
 * properties in order, those without a JSON value left out), and its parsed value: the shared parts' frozen
 * copies, the rest parsed from its own text.
 */
function composedAnswer(answer: object, names: readonly string[]): Kept {
  const keys: string[] = [];
  const texts: string[] = [];
  const parts: (Part | null)[] = [];
  for (const [key, value] of Object.entries(answer)) {
    const part = names.includes(key) && isObject(value) ? partOf(value) : null;
    const text = part ? part.text : (JSON.stringify(value) as string | undefined);
    if (text === undefined) continue;
    keys.push(key);
    texts.push(text);
    parts.push(part);
  }
  const text = `{${keys.map((key, i) => `${JSON.stringify(key)}:${texts[i] as string}`).join(',')}}`;
  // `fromEntries` defines own properties, as `JSON.parse` does (even one named `__proto__`).
  const value = () => Object.fromEntries(keys.map((key, i) => [key, parts[i] ? parsedPart(parts[i]) : JSON.parse(texts[i] as string)]));
  return { text, value };
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
        const names = isObject(object) ? store.composed.get(object) : undefined;
        const kept: Kept = names && isObject(object) ? composedAnswer(object, names) : { text: JSON.stringify(object) };
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
