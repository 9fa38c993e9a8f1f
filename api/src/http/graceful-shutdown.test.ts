import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { gracefulShutdown, trackInFlight } from './graceful-shutdown.ts';

/** GET on the server; resolves with status, headers and body (or rejects if the connection fails). */
function get(port: number, path: string): Promise<{ status: number; connection: string | undefined; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, connection: res.headers.connection, body }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

describe('graceful shutdown', () => {
  let server: Server | null = null;
  afterEach(() => {
    server?.closeAllConnections();
    server?.close();
  });

  it('lets a slow request in flight finish, refuses new connections, then closes what it was given', async () => {
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    let arrived!: () => void;
    const slowArrived = new Promise<void>((r) => (arrived = r));
    server = createServer((req, res) => {
      if (req.url === '/slow') {
        arrived();
        void released.then(() => res.end('finished the slow work'));
      } else res.end('quick');
    });
    trackInFlight(server);
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
    const s = server;
    const { port } = s.address() as AddressInfo;

    const steps: string[] = [];
    const shutdown = gracefulShutdown(s, {
      graceMs: 60_000,
      onDraining: () => steps.push('draining'),
      onDrained: async () => {
        steps.push('closed resources');
      },
    });

    const slow = get(port, '/slow');
    await slowArrived;
    const stopped = shutdown();
    expect(steps).toEqual(['draining']);
    // No new connection is accepted while the slow request runs.
    await expect(get(port, '/quick')).rejects.toThrow();

    release();
    const answer = await slow;
    expect(answer).toEqual({ status: 200, connection: 'close', body: 'finished the slow work' });
    await stopped;
    expect(steps).toEqual(['draining', 'closed resources']);
    expect(shutdown()).toBe(stopped);
  });

  it('cuts requests that outlive the grace period, then still closes', async () => {
    server = createServer(() => {
      /* never answers */
    });
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
    const s = server;
    let closed = false;
    const hanging = get((s.address() as AddressInfo).port, '/forever').catch((err: Error) => err);
    await new Promise((r) => setTimeout(r, 50));
    await gracefulShutdown(s, {
      graceMs: 100,
      onDrained: async () => {
        closed = true;
      },
    })();
    expect(closed).toBe(true);
    expect(await hanging).toBeInstanceOf(Error);
  });
});
