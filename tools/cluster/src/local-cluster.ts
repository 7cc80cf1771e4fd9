/**
 * Runs a topology as child processes: starts them in order (each must print its ready line within
 * a deadline), prefixes their output, and stops them in reverse order with SIGTERM (SIGKILL after
 * a grace period). If any service dies, the whole cluster stops.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { ServiceSpec } from './topology';

const READY_TIMEOUT_MS = 60_000;
const STOP_GRACE_MS = 20_000;

export interface RunningService {
  spec: ServiceSpec;
  child: ChildProcess;
  exited: Promise<number | null>;
}

export type OutputSink = (service: string, line: string) => void;

export class LocalCluster {
  private readonly running: RunningService[] = [];
  private stopping = false;

  constructor(
    private readonly home: string,
    private readonly dataDir: string,
    private readonly sink: OutputSink,
  ) {}

  async start(
    specs: ServiceSpec[],
    onUnexpectedExit: (service: string, code: number | null) => void,
  ): Promise<void> {
    for (const spec of specs) {
      mkdirSync(path.join(this.dataDir, spec.name), { recursive: true });
      const service = this.spawnService(spec);
      this.running.push(service);
      void service.exited.then((code) => {
        if (!this.stopping) onUnexpectedExit(spec.name, code);
      });
      await this.waitReady(service);
    }
  }

  private spawnService(spec: ServiceSpec): RunningService {
    const child = spawn(path.join(this.home, 'bin', spec.script), spec.args, {
      cwd: this.home,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    for (const stream of [child.stdout, child.stderr]) {
      if (stream) createInterface({ input: stream }).on('line', (line) => this.sink(spec.name, line));
    }
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    return { spec, child, exited };
  }

  private waitReady(service: RunningService): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`${service.spec.name} not ready within ${READY_TIMEOUT_MS} ms`)),
        READY_TIMEOUT_MS,
      );
      const onLine = (line: string): void => {
        if (!service.spec.readyLine.test(line)) return;
        clearTimeout(timer);
        resolve();
      };
      for (const stream of [service.child.stdout, service.child.stderr]) {
        if (stream) createInterface({ input: stream }).on('line', onLine);
      }
      void service.exited.then((code) => {
        clearTimeout(timer);
        reject(new Error(`${service.spec.name} exited with code ${code} before it was ready`));
      });
    });
  }

  services(): readonly RunningService[] {
    return this.running;
  }

  /** Stops every service, last started first. */
  async stop(): Promise<void> {
    this.stopping = true;
    for (const service of [...this.running].reverse()) {
      if (service.child.exitCode !== null || service.child.signalCode !== null) continue;
      service.child.kill('SIGTERM');
      const timer = setTimeout(() => service.child.kill('SIGKILL'), STOP_GRACE_MS);
      await service.exited;
      clearTimeout(timer);
    }
  }
}
