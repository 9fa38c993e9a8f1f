// Every process the benchmark starts is registered here and killed when it ends, on success, on an error,
// on Ctrl-C or SIGTERM: no server or nginx is left running after `npm run bench`.
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';

const children = new Set<ChildProcess>();
const cleanups: (() => Promise<void> | void)[] = [];

/** Starts a process in its own group (so its own children die with it) and remembers it. */
export function startChild(command: string, args: string[], options: SpawnOptions): ChildProcess {
  const child = spawn(command, args, { ...options, detached: true });
  children.add(child);
  child.on('exit', () => children.delete(child));
  return child;
}

/** Stops one child: SIGTERM to its group, SIGKILL after `graceMs`. */
export async function stopChild(child: ChildProcess, graceMs = 5_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  signalGroup(child, 'SIGTERM');
  const timer = setTimeout(() => signalGroup(child, 'SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    try {
      child.kill(signal);
    } catch {
      /* already gone */
    }
  }
}

/** Something to undo at the end (a temporary directory, a database to drop), run after the children are stopped. */
export function atExit(cleanup: () => Promise<void> | void): void {
  cleanups.push(cleanup);
}

let cleaning: Promise<void> | null = null;

/** Stops every child, then runs the clean-ups in reverse order; safe to call more than once. */
export function cleanUp(): Promise<void> {
  cleaning ??= (async () => {
    await Promise.all([...children].map((c) => stopChild(c)));
    for (const cleanup of cleanups.reverse()) {
      try {
        await cleanup();
      } catch (err) {
        console.error('bench: clean-up failed:', err);
      }
    }
  })();
  return cleaning;
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.once(signal, () => {
    console.error(`bench: ${signal}, stopping`);
    void cleanUp().finally(() => process.exit(130));
  });
}
// Last resort if the process exits without going through cleanUp (a synchronous crash).
process.once('exit', () => {
  for (const c of children) signalGroup(c, 'SIGKILL');
});
