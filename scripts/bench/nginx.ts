// Debian's nginx serving the very same page bytes from disk, on loopback, with a temporary configuration
// (not the system service): the yardstick of what the machine can serve.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { atExit, startChild, stopChild } from './children.ts';

function nginxBinary(): string | null {
  for (const p of ['/usr/sbin/nginx', '/usr/bin/nginx']) if (fs.existsSync(p)) return p;
  return null;
}

/** Installs Debian's nginx when missing and we may (root); null when it cannot be had. */
export function ensureNginx(): string | null {
  const found = nginxBinary();
  if (found) return found;
  if (process.getuid?.() !== 0) {
    console.warn('bench: nginx is not installed and this is not root: `sudo apt-get install -y nginx` to compare');
    return null;
  }
  try {
    console.log('bench: installing nginx (apt-get install -y nginx)…');
    execFileSync('apt-get', ['install', '-y', '--no-install-recommends', 'nginx'], { stdio: 'ignore', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  } catch (err) {
    console.warn(`bench: could not install nginx: ${String(err)}`);
  }
  return nginxBinary();
}

/**
 * Starts nginx serving `pages` (path → gzipped bytes) on 127.0.0.1:port, as `index.html.gz` beside the
 * inflated `index.html` (gzip_static answers a client that accepts gzip with the stored bytes); resolves
 * when it answers.
 */
export async function startNginx(binary: string, port: number, pages: Record<string, Buffer>): Promise<{ stop(): Promise<void> }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jamaa-bench-nginx-'));
  atExit(() => fs.rmSync(dir, { recursive: true, force: true }));
  const root = path.join(dir, 'www');
  for (const [p, bytes] of Object.entries(pages)) {
    const file = path.join(root, p, 'index.html');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(`${file}.gz`, bytes);
    fs.writeFileSync(file, gunzipSync(bytes));
  }
  // Readable by the worker processes, which drop root for nobody.
  fs.chmodSync(dir, 0o755);
  execFileSync('chmod', ['-R', 'a+rX', root]);
  const conf = path.join(dir, 'nginx.conf');
  fs.writeFileSync(
    conf,
    `worker_processes auto;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  sendfile on;
  gzip_static on;
  tcp_nopush on;
  keepalive_requests 100000;
  types { text/html html; }
  default_type text/html;
  client_body_temp_path ${dir}/tmp-body;
  proxy_temp_path ${dir}/tmp-proxy;
  fastcgi_temp_path ${dir}/tmp-fastcgi;
  uwsgi_temp_path ${dir}/tmp-uwsgi;
  scgi_temp_path ${dir}/tmp-scgi;
  server {
    listen 127.0.0.1:${port};
    root ${root};
    location / { try_files $uri/index.html =404; }
  }
}
`,
  );
  const child = startChild(binary, ['-c', conf, '-p', dir, '-g', 'daemon off;'], { stdio: ['ignore', 'ignore', 'inherit'] });
  for (let i = 0; i < 100; i++) {
    const ok = await fetch(`http://127.0.0.1:${port}${Object.keys(pages)[0] ?? '/'}`).then((r) => r.ok, () => false);
    if (ok) return { stop: () => stopChild(child) };
    if (child.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  await stopChild(child);
  throw new Error(`nginx did not start (see ${dir}/error.log)`);
}
