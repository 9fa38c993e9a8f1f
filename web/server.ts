// Production entry: `node web/server.ts` after `vite build`. One process: /api, /healthz, /readyz and
// /open311 go straight to the Hono app — ahead of SvelteKit, whose CSRF check would refuse
// server-to-server POSTs — and everything else to SvelteKit's adapter-node handler.
import type { IncomingMessage, ServerResponse } from 'node:http';
import v8 from 'node:v8';
import { getRequestListener } from '@hono/node-server';
import compression from 'compression';
import { loadConfig } from '@jamaa/api/config.ts';
import { gracefulShutdown, trackInFlight } from '@jamaa/api/http/graceful-shutdown.ts';
import { LISTEN_SOCKETS, listenOnSockets } from '@jamaa/api/http/listen.ts';
import { withMetrics } from '@jamaa/api/http/metrics.ts';
import type { CachedAnswer, PageRequest } from '@jamaa/api/http/page-cache.ts';
import { labelRoute } from '@jamaa/api/http/route-label.ts';
import { createRuntime, sharedRuntime } from '@jamaa/api/runtime.ts';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, DEMO_TOTP_SECRET } from '@jamaa/api/seed/seed.ts';
import { PAGE_BODY_LIMIT_CEILING, refusePageBody } from './src/lib/server/page-body-limit.ts';

// After each full collection V8 lets its heap grow to as much as 4× what was live (it picks the factor from
// how fast the program allocates): a page render allocates fast, so the server would hold hundreds of MB it
// does not need. At 1.25× it collects a little more often and stays near what it uses (docs/performance.md,
// "Memory"). Read at every collection, so it can be set here; the young generation's size cannot, and is
// on the command line (`--max-semi-space-size`, package.json `start` and infra/Containerfile).
v8.setFlagsFromString('--heap-growing-percent=25');

const config = loadConfig();
const runtime = await sharedRuntime(() => createRuntime(config));
// adapter-node assumes https unless told where the scheme is: we say it below, per request.
process.env.PROTOCOL_HEADER ??= 'x-forwarded-proto';
// Behind a trusted proxy, the client address SvelteKit hands to the API (for sign-in throttling and the
// audit log) is the proxy's last X-Forwarded-For hop; otherwise the socket's.
if (config.trustProxy) {
  process.env.ADDRESS_HEADER ??= 'x-forwarded-for';
  process.env.XFF_DEPTH ??= '1';
}
// SvelteKit counts every page body against this as it arrives (the logo form's is the largest); below,
// a declared length over the page's own limit is refused before SvelteKit sees the request.
process.env.BODY_SIZE_LIMIT ??= String(PAGE_BODY_LIMIT_CEILING);
// @ts-expect-error — produced by `vite build`; it has no type declarations.
const { handler } = (await import('./build/handler.js')) as { handler: import('node:http').RequestListener };
const api = getRequestListener(runtime.app.fetch);

const API_PATH = /^\/(api\/|open311\/|healthz$|readyz$)/;
// Pages and JSON shrink 4–5× with gzip: it matters on a weak mobile connection. (A reverse proxy that
// compresses sees the Content-Encoding and leaves it alone.)
const compress = compression({ threshold: 1024 });
// Build assets (`/_app/…`, files with an extension) are counted as one route in the metrics.
const isAsset = (path: string) => path.startsWith('/_app/') || /\.[a-z0-9]+$/i.test(path);
// `/metrics` (Prometheus, restricted: http/metrics.ts) is answered here; every request is counted.
const listener = withMetrics(runtime.metrics, (req, res) => {
  compress(req as Parameters<typeof compress>[0], res as Parameters<typeof compress>[1], () => {
    const url = req.url ?? '/';
    const query = url.indexOf('?');
    const path = query === -1 ? url : url.slice(0, query);
    if (API_PATH.test(path)) return void api(req, res);
    if (refusePageBody(path, query === -1 ? '' : url.slice(query), req.headers['content-length'])) {
      // Nothing of the body is read; the connection closes after this answer.
      res.writeHead(413, { 'content-type': 'text/plain; charset=utf-8', connection: 'close' });
      return void res.end('Payload Too Large\n');
    }
    // This server speaks plain HTTP; behind a trusted proxy the proxy's word on the scheme counts.
    const forwarded = config.trustProxy ? req.headers['x-forwarded-proto'] : undefined;
    req.headers['x-forwarded-proto'] = forwarded === 'https' ? 'https' : 'http';
    if (isAsset(path) || (req.method !== 'GET' && req.method !== 'HEAD') || req.headers.cookie) return void handler(req, res);
    // An anonymous page the cache holds is answered here, before SvelteKit (hooks.server.ts keeps them).
    const page: PageRequest = {
      method: req.method,
      host: req.headers.host ?? '',
      protocol: req.headers['x-forwarded-proto'] === 'https' ? 'https:' : 'http:',
      pathname: path,
      search: query === -1 ? '' : url.slice(query),
      cookie: null,
      acceptEncoding: req.headers['accept-encoding'],
      ifNoneMatch: req.headers['if-none-match'],
      requestId: typeof req.headers['x-request-id'] === 'string' ? req.headers['x-request-id'] : null,
    };
    runtime.pages.ticket(page).then(
      (ticket) => {
        const hit = ticket ? runtime.pages.get(ticket, page) : null;
        if (!hit) return handler(req, res);
        writeCached(req, res, hit);
      },
      () => handler(req, res),
    );
  });
}, isAsset);

function writeCached(req: IncomingMessage, res: ServerResponse, hit: CachedAnswer): void {
  labelRoute(req, hit.route ?? 'cached');
  for (const [name, value] of hit.headers) res.appendHeader(name, value);
  res.writeHead(hit.status);
  res.end(hit.body ?? undefined);
  runtime.logger.info({ requestId: res.getHeader('x-request-id'), method: req.method, route: hit.route, status: hit.status, cache: 'hit' }, 'page');
}
// Several listening sockets on the port, so that a burst of new connections is not accepted one per
// event-loop turn (api/src/http/listen.ts); LISTEN_SOCKETS=1 listens as a plain server does.
const sockets = Number(process.env.LISTEN_SOCKETS) || LISTEN_SOCKETS;
const servers = await listenOnSockets(listener, { port: config.port, host: config.host, sockets });
for (const server of servers) trackInFlight(server);
const base = `http://${config.platformDomain}:${config.port}`;
runtime.logger.info(`listening on ${base}`);
if (config.demo) {
  console.log(
    [
      '',
      `Jamaa is running: ${base}`,
      `  Casablanca      http://casablanca.${config.platformDomain}:${config.port}/ar`,
      `  Anfa            http://anfa.casablanca.${config.platformDomain}:${config.port}/fr`,
      `  Ben Guerir      http://ben-guerir.${config.platformDomain}:${config.port}/ar`,
      `  Tétouan         http://tetouan.${config.platformDomain}:${config.port}/fr`,
      `  Staff console   http://casablanca.${config.platformDomain}:${config.port}/admin  (operator: ${base}/admin)`,
      `  API document    ${base}/api/openapi.json`,
      '',
      `Demo staff accounts (password ${DEMO_PASSWORD}), each on its own commune's /admin:`,
      ...DEMO_ACCOUNTS.map((a) => `  ${a.email}${a.totpSecret ? `  (TOTP secret ${DEMO_TOTP_SECRET})` : ''}`),
      '',
    ].join('\n'),
  );
}

// SIGTERM (a rollout, compose down): readiness fails, no new connections, requests in flight finish
// (at most SHUTDOWN_GRACE_SECONDS), then the database and the mailer close.
const shutdown = gracefulShutdown(servers, {
  graceMs: config.shutdownGraceMs,
  onDraining: () => {
    runtime.lifecycle.draining = true;
  },
  onDrained: () => runtime.close(),
  log: (message, fields) => runtime.logger.info(fields ?? {}, message),
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void shutdown().then(() => process.exit(0)));
}
