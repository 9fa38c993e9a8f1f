// The production server (`node web/server.ts`) as a child process, and what /proc says about it.
import fs from 'node:fs';
import type { ChildProcess } from 'node:child_process';
import { startChild, stopChild } from './children.ts';

export interface Server {
  child: ChildProcess;
  pid: number;
  port: number;
  /** Milliseconds from spawn to /readyz answering 200. */
  readyMs: number;
  stop(): Promise<void>;
}

export async function startServer(env: Record<string, string>, port: number): Promise<Server> {
  const started = performance.now();
  // The production command line and environment (package.json `start`, infra/Containerfile).
  const child = startChild(process.execPath, ['--max-semi-space-size=8', 'web/server.ts'], {
    env: { MALLOC_ARENA_MAX: '2', ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const died = new Promise<never>((_, reject) => child.once('exit', (code, signal) => reject(new Error(`server exited (${code ?? signal}) before it was ready`))));
  died.catch(() => {});
  for (let i = 0; i < 2400; i++) {
    const ok = await Promise.race([fetch(`http://127.0.0.1:${port}/readyz`).then((r) => r.ok, () => false), died]);
    if (ok) {
      const readyMs = performance.now() - started;
      return { child, pid: child.pid as number, port, readyMs, stop: () => stopChild(child, 25_000) };
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  await stopChild(child);
  throw new Error('server did not become ready in 2 minutes');
}

/** Resident set size in MB (VmRSS). */
export function rssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kb / 1024;
}

/** CPU time (user + system) used so far by the process, in ms. */
export function cpuMs(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may contain spaces) start after the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  return (ticks * 1000) / 100;
}

/** Samples RSS every `everyMs` until stopped. */
export function sampleRss(pid: number, everyMs = 1_000): { stop(): { at: number; mb: number }[] } {
  const samples: { at: number; mb: number }[] = [];
  const t0 = performance.now();
  const take = () => {
    try {
      samples.push({ at: (performance.now() - t0) / 1000, mb: rssMb(pid) });
    } catch {
      /* process gone */
    }
  };
  take();
  const timer = setInterval(take, everyMs);
  return {
    stop() {
      clearInterval(timer);
      take();
      return samples;
    },
  };
}

/**
 * The server's resident memory by kind of mapping (/proc/<pid>/smaps), in MB: files (the node binary's code
 * and ICU data, native modules), glibc's main heap (`[heap]`: what the main thread mallocs, the kept pages'
 * buffers among it), the arenas glibc gives other threads (64 MiB-aligned reservations; libuv's and V8's
 * workers), and other anonymous memory (V8's heap, thread stacks); null when unreadable.
 */
export function memoryMaps(pid: number): { files: number; mainHeap: number; threadArenas: number; arenas: number; otherAnon: number } | null {
  let text: string;
  try {
    text = fs.readFileSync(`/proc/${pid}/smaps`, 'utf8');
  } catch {
    return null;
  }
  const maps: { start: number; end: number; perm: string; name: string; rssKb: number }[] = [];
  for (const line of text.split('\n')) {
    const header = /^([0-9a-f]+)-([0-9a-f]+) (\S+) \S+ \S+ \d+\s*(.*)$/.exec(line);
    if (header) maps.push({ start: parseInt(header[1] as string, 16), end: parseInt(header[2] as string, 16), perm: header[3] as string, name: header[4] ?? '', rssKb: 0 });
    const rss = /^Rss:\s+(\d+) kB/.exec(line);
    const last = maps[maps.length - 1];
    if (rss && last) last.rssKb = Number(rss[1]);
  }
  const ARENA = 64 * 1024 * 1024;
  const kb = { files: 0, mainHeap: 0, threadArenas: 0, otherAnon: 0 };
  let arenas = 0;
  maps.forEach((m, i) => {
    const next = maps[i + 1];
    if (m.name === '[heap]') kb.mainHeap += m.rssKb;
    else if (m.name.startsWith('/')) kb.files += m.rssKb;
    // A thread's arena: its used part, then the rest of its 64 MiB reservation, inaccessible.
    else if (m.perm === 'rw-p' && m.start % ARENA === 0 && next?.start === m.end && next.perm === '---p' && next.name === '' && next.end - m.start === ARENA) {
      kb.threadArenas += m.rssKb;
      arenas++;
    } else kb.otherAnon += m.rssKb;
  });
  return { files: kb.files / 1024, mainHeap: kb.mainHeap / 1024, threadArenas: kb.threadArenas / 1024, arenas, otherAnon: kb.otherAnon / 1024 };
}

/**
 * Where the server's memory is, from its own /metrics (loopback may read it): V8's heap (total and used),
 * external memory (buffers), and the page cache's bytes; null when unreadable.
 */
export async function memoryBreakdown(port: number): Promise<{ heapTotal: number; heapUsed: number; external: number; pageCache: number } | null> {
  try {
    const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    const value = (name: string) => {
      const line = text.split('\n').find((l) => l.startsWith(`${name}{`) || l.startsWith(`${name} `));
      return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) / 1048576 : NaN;
    };
    return { heapTotal: value('nodejs_heap_size_total_bytes'), heapUsed: value('nodejs_heap_size_used_bytes'), external: value('nodejs_external_memory_bytes'), pageCache: value('jamaa_page_cache_bytes') };
  } catch {
    return null;
  }
}
