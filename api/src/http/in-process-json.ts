// A JSON answer to an in-process caller (web's API client) keeps the object it was made from, and its
// `json()` gives a copy of that object, as parsing the answer's text would, without that text being written:
// web's pages only parse their API answers. Writing each answer's JSON text (and, for an answer with shared
// parts, joining the parts' texts: a tenant's listing of services, which every home page asks for, is ≈75 KB)
// only to parse it back cost CPU and left garbage that held the server's heap 20 MB above what it keeps
// after every tenant's first visit (docs/performance.md, h65). A caller that reads the body itself
// (`text()`, `body`, `clone()`, `arrayBuffer()`) gets the bytes a client over HTTP would: the text is written
// then, once.
//
// Parts that many answers carry and that never change once made (a published catalogue version's service
// card, a city's arrondissement offices of one kind, the summaries of a listing of services, all kept by the
// process) can be named by the route (`withSharedParts`): for an in-process caller each is copied once, into
// a frozen copy that every caller's answer then holds, instead of once per answer.
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from './context.ts';

/**
 * How a named property of an answer is shared: `whole`, the object or array itself; `each`, every object of
 * an array made for this answer (a listing of kept service summaries, in the order of the request).
 */
export type Sharing = 'whole' | 'each';

/** An in-process answer: the object it answers, and once something read its body, the answer with its bytes. */
interface Answer {
  readonly object: unknown;
  readonly value: () => unknown;
  withBytes?: Response;
}

/** Shared by every copy of this module in the process (the server's and SvelteKit's bundle), as the runtime is. */
const KEY = Symbol.for('jamaa.inProcessJson');
interface Store {
  /** In-process answers → what they answer. */
  readonly answers: WeakMap<Response, Answer>;
  /** Answers with shared parts → how each named property is shared. */
  readonly composed: WeakMap<object, Readonly<Record<string, Sharing | undefined>>>;
  /** Shared parts → their frozen copy, made when an in-process caller first asked for one. */
  readonly parts: WeakMap<object, unknown>;
  /**
   * The prototype of an in-process answer, by the prototype of the answer Hono made: `Response` is not always
   * the same class (the server's Node adapter puts its own, lighter one in its place).
   */
  readonly prototypes: WeakMap<object, object>;
}
type Holder = { [KEY]?: Store };
const store: Store = ((globalThis as Holder)[KEY] ??= { answers: new WeakMap(), composed: new WeakMap(), parts: new WeakMap(), prototypes: new WeakMap() });

/**
 * Names the parts of `answer` (its own properties, or the objects of an array property) that are shared
 * between answers and never changed in place — the same object for every request until the process drops
 * it, as what the cache of public reads keeps — so that an in-process caller's copy of them is made once.
 * The answer is unchanged.
 */
export function withSharedParts<T extends object>(answer: T, parts: { readonly [K in keyof T & string]?: Sharing }): T {
  store.composed.set(answer, parts);
  return answer;
}

function isObject(value: unknown): value is object {
  return typeof value === 'object' && value !== null;
}

/** No JSON value (`JSON.stringify` leaves such a property out, and writes `null` for such an element). */
const NONE = Symbol('none');

/**
 * What parsing `JSON.stringify(value)` gives: a deep copy the caller may change, with dates as strings and
 * `toJSON` applied. (`structuredClone` is not that copy — it keeps dates, `undefined` and holes — and it
 * was no faster on the answers a home page asks for: docs/performance.md, h65.)
 */
function plainCopy(value: unknown): unknown {
  const text = JSON.stringify(value) as string | undefined;
  return text === undefined ? NONE : JSON.parse(text);
}

/** A shared part's frozen copy, made once. */
function sharedCopy(value: object): unknown {
  if (store.parts.has(value)) return store.parts.get(value);
  const copy = plainCopy(value);
  const kept = copy === NONE ? NONE : deepFreeze(copy);
  store.parts.set(value, kept);
  return kept;
}

function deepFreeze(value: unknown): unknown {
  if (isObject(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

function copyOf(value: unknown, sharing: Sharing | undefined): unknown {
  if (sharing === 'whole' && isObject(value)) return sharedCopy(value);
  if (sharing === 'each' && Array.isArray(value)) {
    // As `JSON.stringify` writes an array: a hole, or an element without a JSON value, is `null`.
    return Array.from(value as unknown[], (element) => {
      const copy = isObject(element) ? sharedCopy(element) : plainCopy(element);
      return copy === NONE ? null : copy;
    });
  }
  return plainCopy(value);
}

/**
 * The parsed value of an answer with shared parts, as parsing its `JSON.stringify` gives (its own enumerable
 * properties in order, those without a JSON value left out): the shared parts' frozen copies, and a copy of
 * the rest.
 */
function composedValue(answer: object, sharing: Readonly<Record<string, Sharing | undefined>>): unknown {
  const entries: [string, unknown][] = [];
  for (const [key, value] of Object.entries(answer)) {
    const copy = copyOf(value, Object.hasOwn(sharing, key) ? sharing[key] : undefined);
    if (copy !== NONE) entries.push([key, copy]);
  }
  // `fromEntries` defines own properties, as `JSON.parse` does (even one named `__proto__`).
  return Object.fromEntries(entries);
}

const encoder = new TextEncoder();

/** Its answer with the bytes of its JSON text, written the first time its body is read. */
function withBytes(response: Response): Response {
  const answer = answerOf(response);
  if (!answer.withBytes) {
    const text = JSON.stringify(answer.object) as string | undefined;
    answer.withBytes = new Response(text === undefined ? null : encoder.encode(text), { status: response.status, statusText: response.statusText, headers: response.headers });
  }
  return answer.withBytes;
}

function answerOf(response: Response): Answer {
  return store.answers.get(response) as Answer;
}

/**
 * What an in-process JSON answer does beyond a `Response` (it is made as Hono makes one, without a body, then
 * given these): `json()` gives the kept object's copy; reading the body in any other way writes the object's
 * JSON text once, into an answer with those bytes and the same status and headers, which is then read.
 */
function inProcessJsonPrototype(response: Response): object {
  const made = Object.getPrototypeOf(response) as object;
  const known = store.prototypes.get(made);
  if (known) return known;
  const reading = (name: 'text' | 'arrayBuffer' | 'bytes' | 'blob' | 'formData' | 'clone') => ({
    value(this: Response) {
      return withBytes(this)[name]();
    },
    configurable: true,
  });
  const prototype = Object.create(made, {
    json: {
      value(this: Response) {
        const answer = answerOf(this);
        // Once the body was read, a second read fails as on any answer.
        return answer.withBytes ? answer.withBytes.json() : Promise.resolve().then(answer.value);
      },
      configurable: true,
    },
    body: {
      get(this: Response) {
        return withBytes(this).body;
      },
      configurable: true,
    },
    bodyUsed: {
      get(this: Response) {
        return answerOf(this).withBytes?.bodyUsed ?? false;
      },
      configurable: true,
    },
    text: reading('text'),
    arrayBuffer: reading('arrayBuffer'),
    bytes: reading('bytes'),
    blob: reading('blob'),
    formData: reading('formData'),
    clone: reading('clone'),
  }) as object;
  store.prototypes.set(made, prototype);
  return prototype;
}

/**
 * For requests an in-process caller marks (`inProcess` in the bindings): `c.json` makes the same answer
 * as Hono's (status, headers, `Content-Type: application/json` unless given; the body, the object's
 * `JSON.stringify`, written when read) and keeps the object, whose copy the caller's `json()` gives. The
 * object must not change once answered, as any answer's.
 */
export function keepJsonForInProcessCallers() {
  return createMiddleware<AppEnv>(async (c, next) => {
    if (c.env?.inProcess) {
      const body = c.body;
      const json = (object: unknown, arg?: unknown, headers?: Record<string, string>) => {
        // Hono's answer (its status and headers as Hono merges them), without a body…
        const response = body(null, arg as never, { 'Content-Type': 'application/json', ...headers });
        const sharing = isObject(object) ? store.composed.get(object) : undefined;
        const value = sharing && isObject(object) ? () => composedValue(object, sharing) : () => JSON.parse(JSON.stringify(object) as string);
        store.answers.set(response, { object, value });
        // …whose body is the object's, written when read.
        return Object.setPrototypeOf(response, inProcessJsonPrototype(response)) as Response;
      };
      // The same signature as Hono's (its typed answer is a type only): the cast is the one place it is said.
      c.json = json as unknown as typeof c.json;
    }
    await next();
  });
}
