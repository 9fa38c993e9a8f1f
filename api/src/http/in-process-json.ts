// A JSON answer to an in-process caller (web's API client) keeps the text it was made from, so that the
// caller parses that text instead of having it turned into bytes, a stream and back into text first (the
// body of a `Response`): on an uncached page, whose four or five API calls each answer JSON, that round
// trip was ≈8 % of the server's CPU. The text is exactly what a client over HTTP would receive.
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from './context.ts';

/** Shared by every copy of this module in the process (the server's and SvelteKit's bundle), as the runtime is. */
const KEY = Symbol.for('jamaa.inProcessJson');
type Holder = { [KEY]?: WeakMap<Response, string> };
const texts: WeakMap<Response, string> = ((globalThis as Holder)[KEY] ??= new WeakMap());

/**
 * For requests an in-process caller marks (`inProcess` in the bindings): `c.json` makes the same answer
 * as Hono's (the object's `JSON.stringify`, `Content-Type: application/json` unless given) and keeps its text.
 */
export function keepJsonForInProcessCallers() {
  return createMiddleware<AppEnv>(async (c, next) => {
    if (c.env?.inProcess) {
      const body = c.body;
      const json = (object: unknown, arg?: unknown, headers?: Record<string, string>) => {
        const text = JSON.stringify(object);
        const response = body(text, arg as never, { 'Content-Type': 'application/json', ...headers });
        texts.set(response, text);
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
 * for an answer this process's API made for an in-process caller.
 */
export function readableInProcess<R extends Response>(response: R): R {
  const text = texts.get(response);
  if (text !== undefined) Object.defineProperty(response, 'json', { value: () => Promise.resolve(JSON.parse(text)), configurable: true });
  return response;
}
