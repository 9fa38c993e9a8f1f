import type { Server } from 'node:http';
import net, { type AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { getOnNewConnection as get } from '../testing/http-get.ts';
import { gracefulShutdown, trackInFlight } from './graceful-shutdown.ts';
import { listenOnSockets } from './listen.ts';

const portOf = (server: Server | net.Server) => (server.address() as AddressInfo).port;
const closeAll = (servers: (Server | net.Server)[]) => Promise.all(servers.map((s) => new Promise<void>((r) => s.close(() => r()))));
/** The next turn of the event loop (its check phase: after one poll, where connections are accepted). */
const nextTurn = () => new Promise<void>((r) => setImmediate(r));

describe('listening on several sockets', () => {
  const opened: (Server | net.Server)[] = [];
  const sockets: net.Socket[] = [];
  afterEach(async () => {
    for (const s of sockets.splice(0)) s.destroy();
    for (const s of opened) if ('closeAllConnections' in s) s.closeAllConnections();
    await closeAll(opened.splice(0));
  });

  // SO_REUSEPORT's spreading is Linux's (CI, the image); elsewhere one plain socket is opened.
  const linux = process.platform === 'linux';

  it.runIf(linux)('answers on one port, whichever socket a connection lands on', async () => {
    const servers = await listenOnSockets((req, res) => res.end(`hello ${req.url}`), { port: 0, host: '127.0.0.1', sockets: 4 });
    opened.push(...servers);
    expect(servers).toHaveLength(4);
    const port = portOf(servers[0] as Server);
    expect(new Set(servers.map(portOf))).toEqual(new Set([port]));
    const answers = await Promise.all(Array.from({ length: 24 }, (_, i) => get(port, `/${i}`)));
    expect(answers.map((a) => a.body)).toEqual(Array.from({ length: 24 }, (_, i) => `hello /${i}`));
  });

  it.runIf(linux)('accepts a burst of new connections in a few turns of the event loop, not one turn each', async () => {
    let accepted = 0;
    const servers = await listenOnSockets((_req, res) => res.end('ok'), { port: 0, host: '127.0.0.1', sockets: 16 });
    opened.push(...servers);
    for (const s of servers) s.on('connection', () => accepted++);
    const port = portOf(servers[0] as Server);
    const burst = 48;
    await nextTurn();
    for (let i = 0; i < burst; i++) {
      const socket = net.connect(port, '127.0.0.1');
      socket.on('error', () => {});
      sockets.push(socket);
    }
    // This thread waits while the kernel completes the handshakes (loopback): the connections are all in
    // the accept queues when the event loop next polls.
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200);
    let turns = 0;
    while (accepted < burst && turns < 10 * burst) {
      await nextTurn();
      turns++;
    }
    expect(accepted).toBe(burst);
    // One socket is accepted from once a turn: with one socket, 48 turns; spread over 16, a handful.
    expect(turns).toBeLessThan(burst / 2);
  });

  it('refuses a port another server holds, shared or not', async () => {
    const plain = net.createServer();
    await new Promise<void>((r) => plain.listen(0, '127.0.0.1', r));
    opened.push(plain);
    await expect(listenOnSockets(() => {}, { port: portOf(plain), host: '127.0.0.1', sockets: 4 })).rejects.toMatchObject({ code: 'EADDRINUSE' });

    // A second instance started by mistake fails as a plain listen would, instead of sharing the port.
    const first = await listenOnSockets(() => {}, { port: 0, host: '127.0.0.1', sockets: 4 });
    opened.push(...first);
    await expect(listenOnSockets(() => {}, { port: portOf(first[0] as Server), host: '127.0.0.1', sockets: 4 })).rejects.toMatchObject({ code: 'EADDRINUSE' });
  });

  it('shuts down gracefully on every socket: requests in flight finish, then the port is free', async () => {
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    let arrived!: () => void;
    const slowArrived = new Promise<void>((r) => (arrived = r));
    const servers = await listenOnSockets(
      (req, res) => {
        if (req.url === '/slow') {
          arrived();
          void released.then(() => res.end('finished the slow work'));
        } else res.end('quick');
      },
      { port: 0, host: '127.0.0.1', sockets: 4 },
    );
    for (const s of servers) trackInFlight(s);
    const port = portOf(servers[0] as Server);
    let drained = false;
    const slow = get(port, '/slow');
    await slowArrived;
    const shutdown = gracefulShutdown(servers, {
      graceMs: 30_000,
      onDrained: async () => {
        drained = true;
      },
    });
    const down = shutdown();
    // No socket accepts any more.
    await expect(get(port, '/quick')).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    expect(drained).toBe(false);
    release();
    expect(await slow).toMatchObject({ status: 200, connection: 'close', body: 'finished the slow work' });
    await down;
    expect(drained).toBe(true);
    // The port can be taken again.
    const again = net.createServer();
    await new Promise<void>((r) => again.listen(port, '127.0.0.1', r));
    opened.push(again);
  });
});
