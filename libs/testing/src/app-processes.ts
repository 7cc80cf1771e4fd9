/**
 * Starting one of the project's apps the way users do (`bin/<script> ...`) on free loopback ports,
 * waiting for its start-up line.
 */
import path from 'node:path';
import { freePort, makeTempDir, ManagedProcess, WORKSPACE_ROOT } from './processes';

export interface StartedApp {
  process: ManagedProcess;
  httpPort: number;
  listenPort: number;
  home: string;
  stop(): Promise<void>;
}

/** Runs `bin/<script> --listenPort=.. --httpListenPort=.. --bindAddress=127.0.0.1 ...extraArgs`. */
export async function startAppProcess(
  script: string,
  readyLine: RegExp,
  extraArgs: string[] = [],
  options: { remoting?: boolean } = {},
): Promise<StartedApp> {
  const home = makeTempDir(script);
  const listenPort = await freePort();
  const httpPort = await freePort();
  const ports = options.remoting === false ? [] : [`--listenPort=${listenPort}`];
  const args = [...ports, `--httpListenPort=${httpPort}`, '--bindAddress=127.0.0.1', ...extraArgs];
  const child = ManagedProcess.start(path.join(WORKSPACE_ROOT, 'bin', script), args, {
    env: { HOME: home.dir },
    label: script,
  });
  await child.waitForOutput(readyLine);
  return {
    process: child,
    httpPort,
    listenPort,
    home: home.dir,
    stop: async () => {
      await child.stop('SIGTERM');
      home.remove();
    },
  };
}
