/**
 * Where the RocketMQ 4.9.8 captures live: ../shared/fixtures/rocketmq-4.9.8 beside the project
 * (the layout of this workplace and of CI). RMQ_FIXTURES overrides it.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';

const WORKSPACE_ROOT = path.resolve(__dirname, '../../..');

export function fixturesRoot(): string {
  const fromEnv = process.env['RMQ_FIXTURES'];
  const root = fromEnv ?? path.resolve(WORKSPACE_ROOT, '../shared/fixtures/rocketmq-4.9.8');
  if (!existsSync(root)) throw new Error(`RocketMQ fixtures not found at ${root} (set RMQ_FIXTURES)`);
  return root;
}

export function fixturePath(...parts: string[]): string {
  return path.join(fixturesRoot(), ...parts);
}

/** A captured frame file, e.g. `13-broker-send-message-v2.request.bin`, with its length prefix. */
export function readFrameFixture(file: string): Buffer {
  return readFileSync(fixturePath('frames', file));
}

export function listFrameFixtures(): string[] {
  return readdirSync(fixturePath('frames'))
    .filter((f) => f.endsWith('.bin'))
    .sort();
}
