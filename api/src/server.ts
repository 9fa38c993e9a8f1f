// The API on its own: `npm start -w @jamaa/api`. The usual deployment runs it inside web's server.
import { serve } from '@hono/node-server';
import { loadConfig } from './config.ts';
import { createRuntime } from './runtime.ts';

const config = loadConfig();
const runtime = await createRuntime(config);
const server = serve({ fetch: runtime.app.fetch, port: config.port, hostname: config.host }, (info) => {
  runtime.logger.info(`api listening on http://localhost:${info.port}`);
});

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    server.close();
    void runtime.close().then(() => process.exit(0));
  });
}
