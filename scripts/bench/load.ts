// autocannon driving the server: each request its own tenant host, path and language.
import autocannon from 'autocannon';
import { cpuMs, rssMb } from './server.ts';

export interface Target {
  host: string;
  path: string;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  /** Anything the response handler needs to know about this request. */
  tag?: unknown;
}

export interface LoadResult {
  name: string;
  requests: number;
  rps: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  errors: number;
  non2xx: number;
  /** Server CPU per request (ms), when a server pid is given. */
  cpuPerRequest: number | null;
  seconds: number;
  /** The server's RSS (MB) when the scenario ended, when a server pid is given. */
  rssAfter: number | null;
}

export interface LoadOptions {
  name: string;
  port: number;
  connections: number;
  /** Run for this many seconds… */
  duration?: number;
  /** …or send exactly this many requests. */
  amount?: number;
  next: (i: number) => Target;
  onResponse?: (status: number, body: string, tag: unknown) => void;
  /** The server's pid, to count its CPU time. */
  pid?: number;
  /**
   * `Accept-Encoding` of every request: `gzip` by default, what a phone's browser sends over plain HTTP (it
   * adds `br` only over HTTPS); `identity` when `onResponse` reads the bodies.
   */
  acceptEncoding?: 'gzip' | 'identity';
  timeoutSeconds?: number;
}

export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  let i = 0;
  const cpuBefore = options.pid ? cpuMs(options.pid) : 0;
  const started = performance.now();
  const result = await autocannon({
    url: `http://127.0.0.1:${options.port}`,
    connections: options.connections,
    ...(options.amount !== undefined ? { amount: options.amount } : { duration: options.duration ?? 10 }),
    timeout: options.timeoutSeconds ?? 30,
    requests: [
      {
        setupRequest: (req, context: object) => {
          const target = options.next(i++);
          (context as Record<string, unknown>).tag = target.tag;
          return {
            ...req,
            method: target.method ?? 'GET',
            path: target.path,
            headers: { 'accept-encoding': options.acceptEncoding ?? 'gzip', ...target.headers, host: `${target.host}:${options.port}` },
            ...(target.body !== undefined ? { body: target.body } : {}),
          };
        },
        ...(options.onResponse
          ? {
              onResponse: (status: number, body: string, context: object) => options.onResponse?.(status, body, (context as Record<string, unknown>).tag),
            }
          : {}),
      },
    ],
  });
  const seconds = (performance.now() - started) / 1000;
  const served = result.requests.total;
  const cpu = options.pid ? cpuMs(options.pid) - cpuBefore : null;
  return {
    name: options.name,
    requests: served,
    rps: served / Math.max(0.001, options.amount !== undefined ? seconds : result.duration),
    p50: result.latency.p50,
    p90: result.latency.p90,
    p99: result.latency.p99,
    max: result.latency.max,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    cpuPerRequest: cpu !== null && served > 0 ? cpu / served : null,
    seconds,
    rssAfter: options.pid ? rssMb(options.pid) : null,
  };
}
