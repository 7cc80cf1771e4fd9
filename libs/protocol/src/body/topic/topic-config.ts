/**
 * TopicConfig: one topic of a broker (topics.json entries, REGISTER_BROKER bodies), in JSON and in
 * the space-separated text form of the compressed register body:
 *
 *   "<topicName> <readQueueNums> <writeQueueNums> <perm> <SINGLE_TAG|MULTI_TAG>"
 *
 * The text form carries neither `order` nor `topicSysFlag` (4.9.x); decoding it gives their defaults.
 */
import { MalformedBodyError } from '../../errors/malformed-body.error';
import { FastJsonBean } from '../../json/java-collections';
import {
  booleanField,
  bodyError,
  expectObject,
  integerField,
  JsonPath,
  stringField,
} from '../../json/json-body-reader';
import { LenientJsonValue } from '../../json/lenient-json.parser';
import { PermName } from '../../message/perm-name';

export const TOPIC_FILTER_TYPES = ['SINGLE_TAG', 'MULTI_TAG'] as const;
export type TopicFilterType = (typeof TOPIC_FILTER_TYPES)[number];

export function isTopicFilterType(value: string): value is TopicFilterType {
  return (TOPIC_FILTER_TYPES as readonly string[]).includes(value);
}

export interface TopicConfig {
  topicName: string;
  readQueueNums: number;
  writeQueueNums: number;
  /** PermName bits. */
  perm: number;
  topicFilterType: TopicFilterType;
  /** TopicSysFlag bits (unit mode). */
  topicSysFlag: number;
  order: boolean;
}

/** `new TopicConfig(name)`: 16/16 queues, read+write, SINGLE_TAG. */
export function newTopicConfig(
  topicName: string,
  overrides: Partial<Omit<TopicConfig, 'topicName'>> = {},
): TopicConfig {
  return {
    topicName,
    readQueueNums: 16,
    writeQueueNums: 16,
    perm: PermName.PERM_READ | PermName.PERM_WRITE,
    topicFilterType: 'SINGLE_TAG',
    topicSysFlag: 0,
    order: false,
    ...overrides,
  };
}

export function topicConfigToJson(config: TopicConfig): FastJsonBean {
  return {
    order: config.order,
    perm: config.perm,
    readQueueNums: config.readQueueNums,
    topicFilterType: config.topicFilterType,
    topicName: config.topicName,
    topicSysFlag: config.topicSysFlag,
    writeQueueNums: config.writeQueueNums,
  };
}

export function topicConfigFromJson(value: LenientJsonValue | undefined, at: JsonPath): TopicConfig {
  const obj = expectObject(value, at);
  const defaults = newTopicConfig('');
  const filterType = stringField(obj, 'topicFilterType', at, defaults.topicFilterType);
  if (!isTopicFilterType(filterType)) throw bodyError(at, `has topicFilterType "${filterType}"`);
  return {
    topicName: stringField(obj, 'topicName', at),
    readQueueNums: integerField(obj, 'readQueueNums', at, defaults.readQueueNums),
    writeQueueNums: integerField(obj, 'writeQueueNums', at, defaults.writeQueueNums),
    perm: integerField(obj, 'perm', at, defaults.perm),
    topicFilterType: filterType,
    topicSysFlag: integerField(obj, 'topicSysFlag', at, defaults.topicSysFlag),
    order: booleanField(obj, 'order', at, defaults.order),
  };
}

const TEXT_SEPARATOR = ' ';

export function encodeTopicConfigText(config: TopicConfig): string {
  return [
    config.topicName,
    config.readQueueNums,
    config.writeQueueNums,
    config.perm,
    config.topicFilterType,
  ].join(TEXT_SEPARATOR);
}

export function decodeTopicConfigText(text: string): TopicConfig {
  const parts = text.split(TEXT_SEPARATOR);
  const [topicName, read, write, perm, filterType] = parts;
  const numbers = [read, write, perm].map((part) =>
    part !== undefined && /^-?\d+$/.test(part) ? Number(part) : NaN,
  );
  if (
    parts.length < 5 ||
    topicName === undefined ||
    numbers.some(Number.isNaN) ||
    !isTopicFilterType(filterType ?? '')
  ) {
    throw new MalformedBodyError('TopicConfig', `bad topic config text "${text}"`);
  }
  return newTopicConfig(topicName, {
    readQueueNums: numbers[0] as number,
    writeQueueNums: numbers[1] as number,
    perm: numbers[2] as number,
    topicFilterType: filterType as TopicFilterType,
  });
}
