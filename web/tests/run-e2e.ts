// Browser tests of the production build: `npm run test:e2e -w @jamaa/web`.
// Builds (turbo-cached), starts `node server.ts` once on a free port with a fresh data folder, launches
// Debian's chromium once, then runs every `specs/*.spec.ts` with node:test. Add a spec file to add tests.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before } from 'node:test';
import { e2e, ensureBuild, launchBrowser, setE2E, startServer } from './support.ts';

before(async () => {
  await ensureBuild();
  const server = await startServer();
  try {
    setE2E({ server, browser: await launchBrowser() });
  } catch (error) {
    await server.stop();
    throw error;
  }
});

after(async () => {
  let started;
  try {
    started = e2e();
  } catch {
    return; // setup failed before anything was started
  }
  setE2E(null);
  await started.browser.close();
  await started.server.stop();
});

const specs = join(import.meta.dirname, 'specs');
for (const file of readdirSync(specs).filter((name) => name.endsWith('.spec.ts')).sort()) {
  await import(join(specs, file));
}
