import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { getOnNewConnection as get } from '../testing/http-get.ts';
import { gracefulShutdown, trackInFlight } from './graceful-shutdown.ts';

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
