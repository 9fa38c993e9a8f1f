// Shared machinery of the browser tests: the production server, Debian's chromium through playwright-core,
// phone-sized pages that record every request, and screenshots. Runs on Node 24 with type stripping, so
// only erasable TypeScript here (no enums, no parameter properties).
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeBase32IgnorePadding } from '@oslojs/encoding';
import { generateTOTP } from '@oslojs/otp';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { admin, withDatabase } from '@jamaa/api/testing/postgres.ts';

export const WEB_DIR = join(import.meta.dirname, '..');
export const ROOT_DIR = join(WEB_DIR, '..');
export const SCREENSHOT_DIR = join(WEB_DIR, 'test-results', 'screenshots');
const CHROMIUM = '/usr/bin/chromium';

export interface RunningServer {
  port: number;
  /** `http://<host>:<port>`; host `localhost` is the platform, `<slug>.localhost` a commune. */
  url(host?: string, path?: string): string;
  /** Everything the server printed so far (for failure messages). */
  output(): string;
  stop(): Promise<void>;
}

/** Builds the web app through turbo (cached when nothing changed). Skip with JAMAA_E2E_SKIP_BUILD=1. */
export async function ensureBuild(): Promise<void> {
  if (process.env.JAMAA_E2E_SKIP_BUILD === '1') return;
  await run('npx', ['turbo', 'run', 'build', '--filter=@jamaa/web', '--output-logs=errors-only'], ROOT_DIR);
}

/**
 * Starts the production server (`node server.ts`) on a free port with a fresh data folder — and, when
 * DATABASE_URL names a PostgreSQL server, a fresh database of its own on it, dropped afterwards (the
 * server's `test` database outlives runs, and the files in the data folder would not) — and waits until it
 * says it listens and `/readyz` answers 200.
 */
export async function startServer(options: { env?: Record<string, string>; timeoutMs?: number } = {}): Promise<RunningServer> {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'jamaa-e2e-'));
  const serverUrl = process.env.DATABASE_URL;
  const database = serverUrl ? `jamaa_e2e_${randomUUID().replaceAll('-', '').slice(0, 12)}` : null;
  if (serverUrl && database) await admin(serverUrl, [`create database ${database}`]);
  let log = '';
  const child = spawn(process.execPath, ['server.ts'], {
    cwd: WEB_DIR,
    env: {
      ...process.env,
      ...(serverUrl && database ? { DATABASE_URL: withDatabase(serverUrl, database) } : {}),
      PORT: String(port),
      JAMAA_DATA_DIR: dataDir,
      PLATFORM_DOMAIN: 'localhost',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.on('data', (chunk: Buffer) => (log += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (log += chunk.toString()));

  const server: RunningServer = {
    port,
    url: (host = 'localhost', path = '') => `http://${host}:${port}${path}`,
    output: () => log,
    stop: async () => {
      await stopProcess(child);
      rmSync(dataDir, { recursive: true, force: true });
      if (serverUrl && database) await admin(serverUrl, [`drop database if exists ${database} with (force)`]);
    },
  };

  const deadline = Date.now() + (options.timeoutMs ?? 90_000);
  try {
    while (!log.includes(`listening on http://localhost:${port}`)) {
      if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
      if (Date.now() > deadline) throw new Error('server did not say it was listening in time');
      await sleep(100);
    }
    while ((await get(port, 'localhost', '/readyz').catch(() => null))?.status !== 200) {
      if (Date.now() > deadline) throw new Error('/readyz did not answer 200 in time');
      await sleep(200);
    }
  } catch (cause) {
    await server.stop();
    throw new Error(`${(cause as Error).message}\n--- server output ---\n${log}`, { cause });
  }
  return server;
}

export interface HttpAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A plain GET to 127.0.0.1 with the given Host header (no redirect following). */
export function get(port: number, host: string, path: string, headers: Record<string, string> = {}): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, headers: { host: `${host}:${port}`, ...headers } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Debian's chromium, never a downloaded browser. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export interface PhonePage {
  page: Page;
  context: BrowserContext;
  /** URLs of every request the page made, in order. */
  requests: string[];
  close(): Promise<void>;
}

/** A 390×844 phone (the size of a common mid-range handset), recording every request it makes. */
export async function openPhone(browser: Browser, options: { javaScriptEnabled: boolean }): Promise<PhonePage> {
  const context = await browser.newContext({
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    javaScriptEnabled: options.javaScriptEnabled,
  });
  const requests: string[] = [];
  context.on('request', (request) => requests.push(request.url()));
  const page = await context.newPage();
  return { page, context, requests, close: () => context.close() };
}

/** Runs `body` on a fresh phone, then checks that every request it made stayed on this machine. */
export async function onPhone(javaScriptEnabled: boolean, body: (phone: PhonePage) => Promise<void>): Promise<void> {
  const phone = await openPhone(e2e().browser, { javaScriptEnabled });
  try {
    await body(phone);
    assert.deepEqual(externalRequests(phone.requests), [], 'every request stays on this machine');
  } finally {
    await phone.close();
  }
}

/** Requests that went anywhere but this machine (loopback, `localhost` and `*.localhost`). */
export function externalRequests(urls: readonly string[]): string[] {
  return urls.filter((url) => {
    const { protocol, hostname } = new URL(url);
    if (protocol === 'data:' || protocol === 'blob:' || protocol === 'about:') return false;
    return !(hostname === '127.0.0.1' || hostname === 'localhost' || hostname.endsWith('.localhost'));
  });
}

/** Full-page screenshot to `web/test-results/screenshots/<name>-<locale>.png`. */
export async function screenshot(page: Page, name: string, locale: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}-${locale}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

// ---------------------------------------------------------------------------------------------------

/** What the runner started for every spec: see run-e2e.ts. */
export interface E2E {
  server: RunningServer;
  browser: Browser;
}

let current: E2E | null = null;

export function setE2E(value: E2E | null): void {
  current = value;
}

/** The server and browser the runner started (call it inside a test, not at import time). */
export function e2e(): E2E {
  if (!current) throw new Error('e2e() called outside a run of tests/run-e2e.ts');
  return current;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.unref();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function run(command: string, args: string[], cwd: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, stdio: 'inherit' });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${command} ${args.join(' ')} exited with ${code}`))));
  });
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

/** The demo Casablanca administrator's TOTP secret (api/src/seed). */
export const DEMO_TOTP_SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
let lastTotpStep = -1;

/**
 * A TOTP code not used before in this run. The API refuses a code it has already accepted (replay), and
 * several specs sign in as the same demo administrator: when this 30-second step's code was used, wait
 * for the next step (polling; nothing is asserted about time).
 */
export async function freshTotp(secret = DEMO_TOTP_SECRET): Promise<string> {
  while (Math.floor(Date.now() / 30_000) <= lastTotpStep) await new Promise((resolve) => setTimeout(resolve, 500));
  lastTotpStep = Math.floor(Date.now() / 30_000);
  return generateTOTP(decodeBase32IgnorePadding(secret), 30, 6);
}
