import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { build, type Plugin } from 'vite';

/**
 * Small scripts that enhance a server-rendered public page without hydrating it (public pages have
 * `csr = false`: no SvelteKit runtime). Each is TypeScript under src/lib/enhance/, bundled on its own into one
 * minified classic script, and loaded only by the components that need it:
 *
 *   import { nearestOffices } from 'virtual:jamaa-enhancements';
 *   <svelte:head><script src={nearestOffices} defer></script></svelte:head>
 *
 * The server is built before the client, so the server cannot learn the client bundle's file name from it:
 * this plugin bundles each script itself (once per build), names it after a hash of its code under
 * `_app/immutable/enhance/` (cached for a year, like SvelteKit's own files), tells both builds that name
 * through the virtual module, and writes the file into the client build. In `vite dev` the script is bundled
 * again on every request (edits show on reload); under vitest only its address is needed.
 */
export const ENHANCEMENTS = {
  nearestOffices: { name: 'nearest-offices', entry: 'src/lib/enhance/nearest-offices.client.ts' },
} as const;

type Name = keyof typeof ENHANCEMENTS;

const VIRTUAL_ID = 'virtual:jamaa-enhancements';
const RESOLVED_ID = `\0${VIRTUAL_ID}`;
const DEV_PREFIX = '/@jamaa-enhance/';

interface Bundled {
  fileName: string;
  code: string;
}

/** One classic script (IIFE), minified, with nothing shared with SvelteKit's chunks. */
async function bundleScript(root: string, name: Name): Promise<Bundled> {
  const { entry, name: base } = ENHANCEMENTS[name];
  const result = await build({
    configFile: false,
    root,
    logLevel: 'warn',
    publicDir: false,
    build: {
      write: false,
      minify: true,
      sourcemap: false,
      copyPublicDir: false,
      rolldownOptions: { input: join(root, entry), output: { format: 'iife' } },
    },
  });
  const outputs = Array.isArray(result) ? result : [result];
  const chunk = outputs
    .flatMap((o) => ('output' in o ? o.output : []))
    .find((file) => file.type === 'chunk' && file.isEntry);
  if (!chunk || chunk.type !== 'chunk') throw new Error(`enhancements: bundling ${entry} produced no script`);
  const hash = createHash('sha256').update(chunk.code).digest('base64url').slice(0, 10);
  return { fileName: `_app/immutable/enhance/${base}.${hash}.js`, code: chunk.code };
}

export function enhancements(): Plugin {
  let root = process.cwd();
  let command: 'build' | 'serve' = 'serve';
  // Shared by the server and client builds of one `vite build`, so both name the same file.
  let built: Promise<Record<Name, Bundled>> | undefined;
  const names = Object.keys(ENHANCEMENTS) as Name[];
  const bundleAll = () =>
    (built ??= Promise.all(names.map(async (name) => [name, await bundleScript(root, name)] as const)).then((entries) => Object.fromEntries(entries) as Record<Name, Bundled>));

  return {
    name: 'jamaa:enhancements',
    configResolved(config) {
      root = config.root;
      command = config.command;
    },
    resolveId(id) {
      return id === VIRTUAL_ID ? RESOLVED_ID : undefined;
    },
    async load(id) {
      if (id !== RESOLVED_ID) return undefined;
      const urls: Record<string, string> = {};
      if (command === 'build') {
        const scripts = await bundleAll();
        for (const name of names) urls[name] = `/${scripts[name].fileName}`;
      } else {
        for (const name of names) urls[name] = `${DEV_PREFIX}${ENHANCEMENTS[name].name}.js`;
      }
      return names.map((name) => `export const ${name} = ${JSON.stringify(urls[name])};`).join('\n');
    },
    async generateBundle() {
      if (command !== 'build' || this.environment.name !== 'client') return;
      const scripts = await bundleAll();
      for (const name of names) this.emitFile({ type: 'asset', fileName: scripts[name].fileName, source: scripts[name].code });
    },
    configureServer(server) {
      server.middlewares.use(async (req, res, next) => {
        const name = names.find((n) => req.url === `${DEV_PREFIX}${ENHANCEMENTS[n].name}.js`);
        if (!name) return next();
        try {
          const { code } = await bundleScript(root, name);
          res.setHeader('Content-Type', 'text/javascript; charset=utf-8');
          res.setHeader('Cache-Control', 'no-store');
          res.end(code);
        } catch (error) {
          next(error);
        }
      });
    },
  };
}
