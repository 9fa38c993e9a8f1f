import { createServer, type RequestListener, type Server } from 'node:http';
import net, { type AddressInfo } from 'node:net';

/**
 * Listening sockets of the web server (web/server.ts). libuv (since 1.45, Node 20) accepts one new
 * connection per event-loop turn. A saturated server's turn carries the next step of every page in
 * progress (tens to hundreds of ms), so a burst of new connections waited in the kernel's accept queue
 * for seconds, one turn each, while the keep-alive connections already accepted were served again and
 * again (docs/performance.md, "2026-12-07 h72": the first request of 64 new connections waited up to 15
 * s; the 2–9 s maxima of the service-page scenarios). Several sockets on the same port (SO_REUSEPORT; the
 * kernel spreads new connections over them) are each accepted from once a turn.
 */
export const LISTEN_SOCKETS = 16;

export interface ListenOptions {
  port: number;
  host: string;
  /** Listening sockets (1: a plain listen, as before). */
  sockets?: number;
}

/**
 * HTTP servers answering `listener` on one port: one per listening socket, all bound with SO_REUSEPORT
 * (on Linux; one plain socket elsewhere).
 * Port 0 picks a free port once, for all of them. A port already in use, also by another process of this
 * user that listens with SO_REUSEPORT (a second instance started by mistake), fails with EADDRINUSE: the
 * port is first taken without SO_REUSEPORT, and only then shared.
 */
export async function listenOnSockets(listener: RequestListener, options: ListenOptions): Promise<Server[]> {
  // SO_REUSEPORT spreads connections over sockets on Linux (the image, the bench); elsewhere (a developer's
  // macOS) Node refuses the option or the kernel gives every connection to one socket: one plain socket.
  const count = process.platform === 'linux' ? Math.max(1, Math.floor(options.sockets ?? LISTEN_SOCKETS)) : 1;
  if (count === 1) {
    const server = createServer(listener);
    await listen(server, { port: options.port, host: options.host });
    return [server];
  }
  // Taken without SO_REUSEPORT first: this fails when any socket holds the port, shared or not.
  const probe = net.createServer();
  await listen(probe, { port: options.port, host: options.host });
  const port = (probe.address() as AddressInfo).port;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  const servers: Server[] = [];
  try {
    for (let i = 0; i < count; i++) {
      const server = createServer(listener);
      await listen(server, { port, host: options.host, reusePort: true });
      servers.push(server);
    }
  } catch (err) {
    await Promise.all(servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
    throw err;
  }
  return servers;
}

function listen(server: net.Server, options: net.ListenOptions): Promise<void> {
  return new Promise((resolve, reject) => {
    const failed = (err: Error) => reject(err);
    server.once('error', failed);
    server.listen(options, () => {
      server.off('error', failed);
      resolve();
    });
  });
}
