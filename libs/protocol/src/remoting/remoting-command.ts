/**
 * RemotingCommand: the one message shape of RocketMQ's remoting protocol (requests, responses and
 * oneway notifications alike). Plain data; encoding lives in frame-codec.ts.
 */
import { orderExtFieldKeys } from './ext-fields-order';

/** Header serialization, carried in the high byte of the header-length word (protocol.md §1.1). */
export enum SerializeType {
  JSON = 0,
  ROCKETMQ = 1,
}

/** Bits of the `flag` field (protocol.md §1.2). */
export const RemotingFlag = {
  RESPONSE: 1,
  ONEWAY: 2,
} as const;

/** The RocketMQ version ordinal our servers advertise: V4_9_8, as the reference servers do. */
export const CURRENT_VERSION = 409;

export interface RemotingCommand {
  code: number;
  /** LanguageCode name, e.g. `JAVA`; any string is accepted on decode. */
  language: string;
  version: number;
  opaque: number;
  flag: number;
  remark?: string;
  /**
   * The "custom header". All values are strings on the wire; decode stringifies any JSON primitive.
   * `undefined` means the key is absent from the JSON header; `{}` is written as `"extFields":{}`.
   */
  extFields?: Record<string, string>;
  serializeType: SerializeType;
  body?: Buffer;
}

export function isResponse(cmd: Pick<RemotingCommand, 'flag'>): boolean {
  return (cmd.flag & RemotingFlag.RESPONSE) !== 0;
}

export function isOneway(cmd: Pick<RemotingCommand, 'flag'>): boolean {
  return (cmd.flag & RemotingFlag.ONEWAY) !== 0;
}

let nextOpaque = 1;

/** A new request with a process-wide increasing opaque (wraps at 2^31, like Java's int). */
export function createRequest(
  code: number,
  extFields?: Record<string, string>,
  body?: Buffer,
  serializeType: SerializeType = SerializeType.JSON,
): RemotingCommand {
  const opaque = nextOpaque;
  nextOpaque = nextOpaque >= 0x7fffffff ? 1 : nextOpaque + 1;
  const cmd: RemotingCommand = {
    code,
    language: 'JAVA',
    version: CURRENT_VERSION,
    opaque,
    flag: 0,
    serializeType,
  };
  if (extFields !== undefined) cmd.extFields = extFields;
  if (body !== undefined) cmd.body = body;
  return cmd;
}

export interface ResponseInit {
  remark?: string;
  extFields?: Record<string, string>;
  body?: Buffer;
}

/** A response to `request`: same opaque and serialize type, RESPONSE flag set. */
export function createResponse(
  request: Pick<RemotingCommand, 'opaque' | 'serializeType'>,
  code: number,
  init: ResponseInit = {},
): RemotingCommand {
  const cmd: RemotingCommand = {
    code,
    language: 'JAVA',
    version: CURRENT_VERSION,
    opaque: request.opaque,
    flag: RemotingFlag.RESPONSE,
    serializeType: request.serializeType,
  };
  if (init.remark !== undefined) cmd.remark = init.remark;
  if (init.extFields !== undefined) cmd.extFields = inJavaHashMapOrder(init.extFields);
  if (init.body !== undefined) cmd.body = init.body;
  return cmd;
}

function inJavaHashMapOrder(extFields: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of orderExtFieldKeys(Object.keys(extFields))) out[key] = extFields[key] as string;
  return out;
}
