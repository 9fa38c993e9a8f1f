import type { Server } from 'node:http';

export interface ShutdownOptions {
  /** Longest wait for requests in flight before their connections are cut (SHUTDOWN_GRACE_SECONDS). */
  graceMs: number;
  /** Called once nothing is in flight any more (or the grace ran out): close the database, the mailer… */
  onDrained: () => Promise<void>;
  /** Called at once, before anything closes: readiness starts answering 503. */
  onDraining?: () => void;
  log?: (message: string, fields?: Record<string, unknown>) => void;
}

/**
 * Graceful shutdown of a Node HTTP server, for SIGTERM (Kubernetes, compose, systemd):
 * 1. readiness fails (`onDraining`), so a load balancer that still polls stops sending;
 * 2. the listening socket closes (no new connection) and idle keep-alive connections are closed;
 * 3. requests in flight run to the end; their answers carry `Connection: close`, so a client does not
 *    send another request on that connection;
 * 4. when the last one is done — or after `graceMs`, cutting what remains — `onDrained` closes the rest.
 *
 * Returns the function to call on the signal; calling it again returns the same promise.
 */
export function gracefulShutdown(server: Server | readonly Server[], options: ShutdownOptions): () => Promise<void> {
  // The web server listens on several sockets, one server each (listen.ts): all of them drain together.
  const servers = Array.isArray(server) ? (server as readonly Server[]) : [server as Server];
  let done: Promise<void> | null = null;
  return () => {
    done ??= new Promise<void>((resolve) => {
      options.onDraining?.();
      options.log?.('shutting down: finishing requests in flight', { graceMs: options.graceMs });
      for (const s of servers) {
        // Answers still to be written close their connection afterwards.
        s.on('request', (_req, res) => res.setHeader('connection', 'close'));
        for (const res of inFlight(s)) if (!res.headersSent) res.setHeader('connection', 'close');
      }
      const force = setTimeout(() => {
        options.log?.('shutdown grace over: closing the connections still open');
        for (const s of servers) s.closeAllConnections();
      }, options.graceMs);
      force.unref();
      void Promise.all(servers.map((s) => new Promise<void>((closed) => s.close(() => closed())))).then(() => {
        clearTimeout(force);
        options
          .onDrained()
          .catch((err: unknown) => options.log?.('shutdown: closing failed', { err }))
          .finally(resolve);
      });
      for (const s of servers) s.closeIdleConnections();
    });
    return done;
  };
}

/** Responses being written now, tracked per server (see `trackInFlight`). */
const IN_FLIGHT = Symbol.for('jamaa.inFlight');
type Tracked = Server & { [IN_FLIGHT]?: Set<import('node:http').ServerResponse> };

/** Keeps the set of unfinished responses, so that a shutdown can mark them `Connection: close`. */
export function trackInFlight(server: Server): void {
  const s = server as Tracked;
  if (s[IN_FLIGHT]) return;
  const set = new Set<import('node:http').ServerResponse>();
  s[IN_FLIGHT] = set;
  server.on('request', (_req, res) => {
    set.add(res);
    res.once('close', () => set.delete(res));
  });
}

function inFlight(server: Server): Iterable<import('node:http').ServerResponse> {
  return (server as Tracked)[IN_FLIGHT] ?? [];
}
