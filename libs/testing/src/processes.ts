/**
 * Process-test helpers: free loopback ports, temp dirs, and child processes whose output is kept
 * (bounded) for assertions and failure messages. Every wait has a deadline.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';

export const WORKSPACE_ROOT = path.resolve(__dirname, '../../..');
const OUTPUT_BYTES_MAX = 4 * 1024 * 1024;

/** Ports this process already handed out: the OS may offer a just-closed port again. */
const handedOut = new Set<number>();
const FREE_PORT_ATTEMPTS = 20;

function ephemeralPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** A port that was free on 127.0.0.1 a moment ago and that this process has not handed out before. */
export async function freePort(): Promise<number> {
  for (let i = 0; i < FREE_PORT_ATTEMPTS; i++) {
    const port = await ephemeralPort();
    if (handedOut.has(port)) continue;
    handedOut.add(port);
    return port;
  }
  throw new Error(`no fresh free port in ${FREE_PORT_ATTEMPTS} attempts`);
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/**
 * The first of `count` consecutive ports that were free on 127.0.0.1 a moment ago (a broker uses
 * listenPort, listenPort + 1 for HA and listenPort + 2 for HTTP). Tries a bounded number of bases.
 */
export async function freePortRun(count: number, attempts = 50): Promise<number> {
  for (let i = 0; i < attempts; i++) {
    const base = 20_000 + Math.floor(Math.random() * 40_000);
    let free = true;
    for (let p = base; p < base + count && free; p++) free = !handedOut.has(p) && (await portIsFree(p));
    if (!free) continue;
    for (let p = base; p < base + count; p++) handedOut.add(p);
    return base;
  }
  throw new Error(`no run of ${count} free ports found in ${attempts} attempts`);
}

export function makeTempDir(prefix: string): { dir: string; remove(): void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), `rmq-${prefix}-`));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined> | T | undefined,
  timeoutMs = 10_000,
  intervalMs = 50,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
    } catch (err) {
      lastError = err;
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  const detail = lastError instanceof Error ? `: ${lastError.message}` : '';
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${detail}`);
}

export class ManagedProcess {
  private output = '';
  private exit: Promise<number | null>;

  private constructor(
    readonly child: ChildProcess,
    readonly label: string,
  ) {
    const keep = (chunk: Buffer): void => {
      this.output += chunk.toString('utf8');
      if (this.output.length > OUTPUT_BYTES_MAX) this.output = this.output.slice(-OUTPUT_BYTES_MAX / 2);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    this.exit = new Promise((resolve) =>
      child.once('exit', (code, signal) => resolve(code ?? (signal ? -1 : null))),
    );
  }

  static start(
    command: string,
    args: string[],
    options: { env?: NodeJS.ProcessEnv; cwd?: string; label?: string } = {},
  ): ManagedProcess {
    const child = spawn(command, args, {
      cwd: options.cwd ?? WORKSPACE_ROOT,
      env: { ...process.env, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return new ManagedProcess(child, options.label ?? path.basename(command));
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  get exited(): boolean {
    return this.child.exitCode !== null || this.child.signalCode !== null;
  }

  text(): string {
    return this.output;
  }

  /** JSON log lines (pino) printed so far. */
  logLines(): Record<string, unknown>[] {
    return this.output
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .flatMap((l) => {
        try {
          return [JSON.parse(l) as Record<string, unknown>];
        } catch {
          return [];
        }
      });
  }

  async waitForOutput(pattern: RegExp, timeoutMs = 15_000): Promise<RegExpMatchArray> {
    return waitFor(
      `${this.label} to print ${pattern}`,
      () => {
        if (this.exited && !pattern.test(this.output))
          throw new Error(`${this.label} exited:\n${this.output.slice(-4000)}`);
        return this.output.match(pattern) ?? undefined;
      },
      timeoutMs,
    );
  }

  waitForExit(timeoutMs = 15_000): Promise<number | null> {
    return Promise.race([
      this.exit,
      new Promise<never>((_, reject) =>
        setTimeout(
          () => reject(new Error(`${this.label} did not exit within ${timeoutMs} ms`)),
          timeoutMs,
        ).unref(),
      ),
    ]);
  }

  /** Sends a signal and waits for exit; escalates to SIGKILL after timeoutMs. */
  async stop(signal: NodeJS.Signals = 'SIGTERM', timeoutMs = 15_000): Promise<number | null> {
    if (this.exited) return this.child.exitCode;
    this.child.kill(signal);
    try {
      return await this.waitForExit(timeoutMs);
    } catch {
      this.child.kill('SIGKILL');
      return this.exit;
    }
  }
}
