/**
 * The generated decode of the captured frames (frames/transcript.json) and raw store fixture files.
 * Test-only convenience: the .bin files stay the reference.
 */
import { readFileSync } from 'node:fs';
import { fixturePath } from './fixtures';

export interface TranscriptRecord {
  totalSize: number;
  bodyCRC: number;
  queueId: number;
  flag: number;
  queueOffset: number;
  physicalOffset: number;
  sysFlag: number;
  bornTimestamp: number;
  bornHost: string;
  storeTimestamp: number;
  storeHost: string;
  reconsumeTimes: number;
  preparedTransactionOffset: number;
  topic: string;
  properties: Record<string, string>;
  propertiesRaw: string;
  offsetMsgId: string;
  msgId: string;
  bodyLength: number;
  body: string;
}

export interface TranscriptEntry {
  file: string;
  exchange: number;
  kind: 'request' | 'response' | string;
  code: number;
  flag: number;
  opaque: number;
  version: number;
  remark: string | null;
  extFields: Record<string, string>;
  bodyLength: number;
  headerText?: string;
  bodyText?: string;
  bodyHexPrefix?: string;
  records?: TranscriptRecord[];
}

export function readFrameTranscript(): TranscriptEntry[] {
  return JSON.parse(readFileSync(fixturePath('frames', 'transcript.json'), 'utf8')) as TranscriptEntry[];
}

/** A file of the captured master store, e.g. `readStoreFixture('config', 'topics.json')`. */
export function readStoreFixture(...parts: string[]): Buffer {
  return readFileSync(fixturePath('store', ...parts));
}
