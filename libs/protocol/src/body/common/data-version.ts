/**
 * DataVersion: the (timestamp, counter) pair a broker bumps whenever its topic or subscription-group
 * config changes; the namesrv applies topic configs only when it differs. JSON:
 * `{"counter":<long>,"timestamp":<ms>}`.
 */
import { FastJsonBean } from '../../json/java-collections';
import { writeFastJsonBuffer } from '../../json/fast-json.writer';
import { expectObject, integerField, JsonPath, parseJsonBody, rootPath } from '../../json/json-body-reader';
import { LenientJsonValue } from '../../json/lenient-json.parser';

export interface DataVersion {
  /** ms since the epoch of the last change. */
  timestamp: number;
  counter: number;
}

export function dataVersionToJson(version: DataVersion): FastJsonBean {
  return { counter: version.counter, timestamp: version.timestamp };
}

export function dataVersionFromJson(value: LenientJsonValue | undefined, at: JsonPath): DataVersion {
  const obj = expectObject(value, at);
  return { timestamp: integerField(obj, 'timestamp', at, 0), counter: integerField(obj, 'counter', at, 0) };
}

export function encodeDataVersion(version: DataVersion): Buffer {
  return writeFastJsonBuffer(dataVersionToJson(version));
}

export function decodeDataVersion(body: Buffer | string): DataVersion {
  return dataVersionFromJson(parseJsonBody(body, 'DataVersion'), rootPath('DataVersion'));
}

/** DataVersion.nextVersion(): counter + 1, timestamp = now. */
export function nextDataVersion(version: DataVersion, nowMs: number): DataVersion {
  return { timestamp: nowMs, counter: version.counter + 1 };
}

export function dataVersionEquals(a: DataVersion, b: DataVersion): boolean {
  return a.timestamp === b.timestamp && a.counter === b.counter;
}
