// The API on its own: `npm start -w @jamaa/api`. The usual deployment runs it inside web's server.
import { createServer } from 'node:http';
import { getRequestListener } from '@hono/node-server';
import { gracefulShutdown, trackInFlight } from './http/graceful-shutdown.ts';
import { withMetrics } from './http/metrics.ts';
import { loadConfig } from './config.ts';
import { createRuntime } from './runtime.ts';

const config = loadConfig();
const runtime = await createRuntime(config);
const listener = withMetrics(runtime.metrics, getRequestListener(runtime.app.fetch));
const server = createServer(listener);
trackInFlight(server);
server.listen(config.port, config.host, () => {
  runtime.logger.info(`api listening on http://localhost:${config.port}`);
});

const shutdown = gracefulShutdown(server, {
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
