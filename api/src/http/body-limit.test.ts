import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { getRequestListener } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorCode } from '../testing/staff.ts';
import { newTestApp, type TestApp } from '../testing/app.ts';
import { DATABASE_KINDS } from '../testing/databases.ts';
import { newPlatform, newTenant } from '../testing/factories.ts';
import { DEFAULT_BODY_MAX_BYTES, JSON_MAX_DEPTH, jsonNestsDeeperThan } from './body-limit.ts';

const MB = 1024 * 1024;
const bytes = (text: string) => new TextEncoder().encode(text);

describe('jsonNestsDeeperThan', () => {
  it('counts objects and arrays, and ignores brackets inside strings (escaped quotes included)', () => {
    expect(jsonNestsDeeperThan(bytes('[[1]]'), 2)).toBe(false);
    expect(jsonNestsDeeperThan(bytes('[[[1]]]'), 2)).toBe(true);
    expect(jsonNestsDeeperThan(bytes('{"a":{"b":[1]}}'), 2)).toBe(true);
    expect(jsonNestsDeeperThan(bytes('{"a":"[[[[[[{{{{"}'), 2)).toBe(false);
    expect(jsonNestsDeeperThan(bytes('{"a":"\\"[[[[[[","b":[]}'), 2)).toBe(false);
    expect(jsonNestsDeeperThan(bytes('[{}, {}, [], [], {"x": [1, 2]}]'), 3)).toBe(false);
    expect(jsonNestsDeeperThan(bytes('["قائمة [[[", {"ⵜⴰ": "{{{"}]'), 2)).toBe(false);
  });
});

// The HTTP layer only: one database kind is enough.
describe.each(DATABASE_KINDS.slice(0, 1))('request body limits (%s)', (kind) => {
  let t: TestApp;
  const host = 'casablanca.localhost';

  beforeAll(async () => {
    t = await newTestApp(kind);
    await newPlatform(t.db);
    await newTenant(t.db, { slug: 'casablanca' });
  });
  afterAll(() => t.dispose());

  const post = (path: string, body: string | ReadableStream<Uint8Array>, headers: Record<string, string> = {}) =>
    t.app.request(`http://${host}${path}`, {
      method: 'POST',
      headers: { host, origin: `http://${host}`, 'content-type': 'application/json', ...headers },
      body,
      ...(body instanceof ReadableStream ? { duplex: 'half' } : {}),
    } as RequestInit);

  /** A body of `total` bytes made on demand, 64 KiB at a time; `pulled()` says how much was asked for. */
  function streamed(total: number, chunk: (i: number) => Uint8Array = () => new Uint8Array(64 * 1024).fill(0x20)) {
    let sent = 0;
    let i = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= total) return controller.close();
        const next = chunk(i++);
        sent += next.byteLength;
        controller.enqueue(next);
      },
    });
    return { stream, pulled: () => sent };
  }

  it('refuses a body that declares 200 MB at once, with 413 in the error shape', async () => {
    const res = await post('/api/v1/auth/login', '{}', { 'content-length': String(200 * MB) });
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ error: { code: 'PAYLOAD_TOO_LARGE', details: { maxBytes: DEFAULT_BODY_MAX_BYTES }, requestId: expect.any(String) } });
  });

  it('stops reading a streamed 200 MB body at the limit, without buffering it', async () => {
    const body = streamed(200 * MB);
    const res = await post('/api/v1/auth/login', body.stream);
    expect(res.status).toBe(413);
    expect(await errorCode(res)).toBe('PAYLOAD_TOO_LARGE');
    expect(body.pulled()).toBeLessThan(DEFAULT_BODY_MAX_BYTES + 256 * 1024);
  });

  it('refuses a 2 MB body nested a million deep before parsing it', async () => {
    const body = streamed(2 * MB, () => new Uint8Array(64 * 1024).fill(0x5b)); // '['
    const res = await post('/api/v1/auth/password/reset-request', body.stream);
    expect(res.status).toBe(413);
    expect(await errorCode(res)).toBe('PAYLOAD_TOO_LARGE');
    expect(body.pulled()).toBeLessThan(DEFAULT_BODY_MAX_BYTES + 256 * 1024);
  });

  it(`refuses JSON nested deeper than ${JSON_MAX_DEPTH} within the size limit, and lets the validator judge what is not`, async () => {
    const deep = `{"email":${'['.repeat(JSON_MAX_DEPTH)}${']'.repeat(JSON_MAX_DEPTH)}}`;
    const refused = await post('/api/v1/auth/login', deep);
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({ error: { code: 'JSON_TOO_DEEP', details: { maxDepth: JSON_MAX_DEPTH } } });
    const shallow = `{"email":${'['.repeat(JSON_MAX_DEPTH - 1)}${']'.repeat(JSON_MAX_DEPTH - 1)}}`;
    expect(await errorCode(await post('/api/v1/auth/login', shallow))).toBe('VALIDATION_FAILED');
    // Brackets inside a string are text, not nesting.
    const inString = JSON.stringify({ email: `${'['.repeat(200)}@example.ma`, password: 'x'.repeat(20) });
    expect(await errorCode(await post('/api/v1/auth/login', inString))).toBe('VALIDATION_FAILED');
  });

  it('takes an ordinary body just under the limit', async () => {
    const padded = JSON.stringify({ email: 'someone@example.ma', padding: 'x'.repeat(DEFAULT_BODY_MAX_BYTES - 100) });
    expect(bytes(padded).byteLength).toBeLessThanOrEqual(DEFAULT_BODY_MAX_BYTES);
    const res = await post('/api/v1/auth/password/reset-request', padded);
    expect(res.status).toBe(202);
  });

  it('refuses an over-large logo from an anonymous caller without reading it (401), and by its declared size (413)', async () => {
    const body = streamed(3 * MB);
    const anonymous = await t.app.request(`http://${host}/api/v1/admin/branding/logo`, {
      method: 'PUT',
      headers: { host, origin: `http://${host}`, 'content-type': 'image/png' },
      body: body.stream,
      duplex: 'half',
    } as RequestInit);
    expect(anonymous.status).toBe(401);
    expect(body.pulled()).toBeLessThanOrEqual(128 * 1024);
    const declared = await t.app.request(`http://${host}/api/v1/admin/branding/logo`, {
      method: 'PUT',
      headers: { host, origin: `http://${host}`, 'content-type': 'image/png', 'content-length': String(200 * MB) },
      body: 'x',
    });
    expect(declared.status).toBe(413);
    expect(await errorCode(declared)).toBe('IMAGE_TOO_LARGE');
  });

  it('answers 413 over a real socket to a client streaming 200 MB, and cuts it off', async () => {
    // As web/server.ts serves it.
    const server = http.createServer(getRequestListener(t.app.fetch));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      const outcome = await new Promise<{ status: number; body: string; written: number }>((resolve, reject) => {
        let written = 0;
        const req = http.request({ host: '127.0.0.1', port, method: 'POST', path: '/api/v1/auth/login', headers: { host, 'content-type': 'application/json' } });
        const chunk = Buffer.alloc(64 * 1024, 0x20);
        let stopped = false;
        const pump = () => {
          while (!stopped && written < 200 * MB) {
            written += chunk.length;
            if (!req.write(chunk)) return void req.once('drain', pump);
          }
          if (!stopped) req.end();
        };
        req.on('response', (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (d: string) => (text += d));
          res.on('end', () => {
            stopped = true;
            req.destroy();
            resolve({ status: res.statusCode ?? 0, body: text, written });
          });
        });
        req.on('error', (err) => (stopped ? undefined : reject(err)));
        pump();
      });
      expect(outcome.status).toBe(413);
      expect(JSON.parse(outcome.body)).toMatchObject({ error: { code: 'PAYLOAD_TOO_LARGE' } });
      expect(outcome.written).toBeLessThan(200 * MB);
      // An ordinary body still reaches its route over the same server.
      const status = await new Promise<number>((resolve, reject) => {
        const body = JSON.stringify({ email: 'someone@example.ma' });
        const req = http.request({ host: '127.0.0.1', port, method: 'POST', path: '/api/v1/auth/password/reset-request', headers: { host, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } });
        req.on('response', (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.on('error', reject);
        req.end(body);
      });
      expect(status).toBe(202);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  }, 60_000);
});
