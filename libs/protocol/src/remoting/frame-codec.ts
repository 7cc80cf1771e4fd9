/**
 * RemotingCommand <-> frame bytes (protocol.md §1.1-1.3).
 *
 *   int32 length (bytes after this field) | int8 serializeType | uint24 headerLength | header | body
 *
 * JSON headers are written the way fastjson writes them: top-level keys in alphabetical order,
 * absent values left out, every extFields value a string. extFields keep the caller's key order
 * (createResponse puts them in Java HashMap order, as the reference servers send them). ROCKETMQ binary headers:
 *   int16 code | int8 language | int16 version | int32 opaque | int32 flag |
 *   int32 remarkLen + remark | int32 extLen + (int16 keyLen, key, int32 valLen, value)*
 * Decoding throws MalformedFrameError for anything it cannot read; it never half-decodes.
 */
import { MalformedFrameError } from '../errors/malformed-frame.error';
import { languageCode, languageName } from './language-code';
import { RemotingCommand, SerializeType } from './remoting-command';

const LENGTH_FIELD_BYTES = 4;
const HEADER_WORD_BYTES = 4;
const HEADER_LENGTH_MAX = 0xffffff;
const BINARY_FIXED_BYTES = 2 + 1 + 2 + 4 + 4;

/** Encodes a whole frame, including the leading 4-byte length field, in one allocation. */
export function encodeCommand(cmd: RemotingCommand): Buffer {
  // A JSON header is written into the frame as text (no buffer of its own).
  const header = cmd.serializeType === SerializeType.ROCKETMQ ? encodeBinaryHeader(cmd) : jsonHeaderText(cmd);
  const headerBytes = typeof header === 'string' ? Buffer.byteLength(header, 'utf8') : header.length;
  if (headerBytes > HEADER_LENGTH_MAX) {
    throw new MalformedFrameError(`header of ${headerBytes} bytes exceeds the 24-bit limit`);
  }
  const bodyBytes = cmd.body?.length ?? 0;
  const headerAt = LENGTH_FIELD_BYTES + HEADER_WORD_BYTES;
  const frame = Buffer.allocUnsafe(headerAt + headerBytes + bodyBytes);
  frame.writeInt32BE(HEADER_WORD_BYTES + headerBytes + bodyBytes, 0);
  frame.writeUInt32BE((((cmd.serializeType & 0xff) << 24) | headerBytes) >>> 0, LENGTH_FIELD_BYTES);
  if (typeof header === 'string') frame.write(header, headerAt, headerBytes, 'utf8');
  else header.copy(frame, headerAt);
  cmd.body?.copy(frame, headerAt + headerBytes);
  return frame;
}

/** Decodes one frame given WITHOUT its 4-byte length field (what a frame splitter yields). */
export function decodeCommand(frame: Buffer): RemotingCommand {
  if (frame.length < HEADER_WORD_BYTES) {
    throw new MalformedFrameError(`frame of ${frame.length} bytes is shorter than its header word`);
  }
  const word = frame.readUInt32BE(0);
  const serializeType = word >>> 24;
  const headerLength = word & HEADER_LENGTH_MAX;
  if (HEADER_WORD_BYTES + headerLength > frame.length) {
    throw new MalformedFrameError(`header length ${headerLength} exceeds the frame (${frame.length} bytes)`);
  }
  const header = frame.subarray(HEADER_WORD_BYTES, HEADER_WORD_BYTES + headerLength);
  const body = frame.subarray(HEADER_WORD_BYTES + headerLength);
  let cmd: RemotingCommand;
  if (serializeType === SerializeType.JSON) cmd = decodeJsonHeader(header);
  else if (serializeType === SerializeType.ROCKETMQ) cmd = decodeBinaryHeader(header);
  else throw new MalformedFrameError(`unknown serialize type ${serializeType}`);
  if (body.length > 0) cmd.body = Buffer.from(body);
  return cmd;
}

function jsonHeaderText(cmd: RemotingCommand): string {
  // Property order is the alphabetical order fastjson uses; JSON.stringify keeps insertion order.
  const json: Record<string, unknown> = { code: cmd.code };
  if (cmd.extFields !== undefined) json['extFields'] = extFieldsToWrite(cmd.extFields);
  json['flag'] = cmd.flag;
  json['language'] = cmd.language;
  json['opaque'] = cmd.opaque;
  if (cmd.remark !== undefined && cmd.remark !== null) json['remark'] = cmd.remark;
  json['serializeTypeCurrentRPC'] = 'JSON';
  json['version'] = cmd.version;
  return JSON.stringify(json);
}

/** extFields as written: absent values left out, others as strings (the object itself when it already is so). */
function extFieldsToWrite(extFields: Record<string, string>): Record<string, string> {
  if (allStringValues(extFields)) return extFields;
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(extFields)) {
    if (value !== undefined && value !== null) out[key] = String(value);
  }
  return out;
}

function allStringValues(record: Record<string, unknown>): boolean {
  for (const key in record) {
    if (typeof record[key] !== 'string') return false;
  }
  return true;
}

function decodeJsonHeader(header: Buffer): RemotingCommand {
  let parsed: unknown;
  try {
    parsed = JSON.parse(header.toString('utf8'));
  } catch (err) {
    throw new MalformedFrameError('JSON header does not parse', { cause: err });
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new MalformedFrameError('JSON header is not an object');
  }
  const h = parsed as Record<string, unknown>;
  const cmd: RemotingCommand = {
    code: requireInt(h, 'code'),
    language: typeof h['language'] === 'string' ? h['language'] : 'OTHER',
    version: optionalInt(h, 'version') ?? 0,
    opaque: optionalInt(h, 'opaque') ?? 0,
    flag: optionalInt(h, 'flag') ?? 0,
    serializeType: SerializeType.JSON,
  };
  if (typeof h['remark'] === 'string') cmd.remark = h['remark'];
  const ext = h['extFields'];
  if (ext !== undefined && ext !== null) cmd.extFields = stringifyExtFields(ext);
  return cmd;
}

/**
 * extFields values of any JSON primitive are accepted and turned into strings, as fastjson does;
 * the parsed object is kept when every value already is a string (the usual case).
 */
function stringifyExtFields(ext: unknown): Record<string, string> {
  if (typeof ext !== 'object' || ext === null || Array.isArray(ext)) {
    throw new MalformedFrameError('extFields is not an object');
  }
  const parsed = ext as Record<string, unknown>;
  if (allStringValues(parsed)) return parsed as Record<string, string>;
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(parsed)) {
    if (value === null || value === undefined) continue;
    out[key] = typeof value === 'object' ? JSON.stringify(value) : String(value);
  }
  return out;
}

function requireInt(h: Record<string, unknown>, key: string): number {
  const value = optionalInt(h, key);
  if (value === undefined) throw new MalformedFrameError(`JSON header has no integer '${key}'`);
  return value;
}

function optionalInt(h: Record<string, unknown>, key: string): number | undefined {
  const value = h[key];
  if (value === undefined || value === null) return undefined;
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n)) {
    throw new MalformedFrameError(`JSON header field '${key}' is not an integer`);
  }
  return n;
}

function encodeBinaryHeader(cmd: RemotingCommand): Buffer {
  const remark = cmd.remark ? Buffer.from(cmd.remark, 'utf8') : Buffer.alloc(0);
  const ext = encodeBinaryExtFields(cmd.extFields ?? {});
  const out = Buffer.allocUnsafe(BINARY_FIXED_BYTES + 4 + remark.length + 4 + ext.length);
  let pos = out.writeInt16BE(cmd.code, 0);
  pos = out.writeUInt8(languageCode(cmd.language), pos);
  pos = out.writeInt16BE(cmd.version, pos);
  pos = out.writeInt32BE(cmd.opaque, pos);
  pos = out.writeInt32BE(cmd.flag, pos);
  pos = out.writeInt32BE(remark.length, pos);
  pos += remark.copy(out, pos);
  pos = out.writeInt32BE(ext.length, pos);
  ext.copy(out, pos);
  return out;
}

function encodeBinaryExtFields(extFields: Record<string, string>): Buffer {
  const parts: Buffer[] = [];
  for (const [key, value] of Object.entries(extFields)) {
    if (value === undefined || value === null) continue;
    const k = Buffer.from(key, 'utf8');
    const v = Buffer.from(String(value), 'utf8');
    const entry = Buffer.allocUnsafe(2 + k.length + 4 + v.length);
    entry.writeInt16BE(k.length, 0);
    k.copy(entry, 2);
    entry.writeInt32BE(v.length, 2 + k.length);
    v.copy(entry, 6 + k.length);
    parts.push(entry);
  }
  return Buffer.concat(parts);
}

function decodeBinaryHeader(header: Buffer): RemotingCommand {
  const reader = new BinaryReader(header);
  const code = reader.int16();
  const language = languageName(reader.uint8());
  const version = reader.int16();
  const opaque = reader.int32();
  const flag = reader.int32();
  const remark = reader.string(reader.int32());
  const extLength = reader.int32();
  const extEnd = reader.position + extLength;
  if (extLength < 0 || extEnd > header.length) {
    throw new MalformedFrameError(`binary extFields length ${extLength} exceeds the header`);
  }
  const cmd: RemotingCommand = {
    code,
    language,
    version,
    opaque,
    flag,
    serializeType: SerializeType.ROCKETMQ,
  };
  if (remark) cmd.remark = remark;
  if (extLength > 0) {
    const ext: Record<string, string> = {};
    while (reader.position < extEnd) {
      const key = reader.string(reader.int16());
      ext[key] = reader.string(reader.int32());
    }
    cmd.extFields = ext;
  }
  return cmd;
}

/** Bounds-checked big-endian reader; any overrun is a MalformedFrameError. */
class BinaryReader {
  position = 0;
  constructor(private readonly buf: Buffer) {}

  private take(bytes: number): number {
    if (bytes < 0 || this.position + bytes > this.buf.length) {
      throw new MalformedFrameError(`binary header truncated at byte ${this.position} (wanted ${bytes})`);
    }
    const at = this.position;
    this.position += bytes;
    return at;
  }

  uint8(): number {
    return this.buf.readUInt8(this.take(1));
  }
  int16(): number {
    return this.buf.readInt16BE(this.take(2));
  }
  int32(): number {
    return this.buf.readInt32BE(this.take(4));
  }
  string(length: number): string {
    const at = this.take(length);
    return this.buf.toString('utf8', at, at + length);
  }
}
