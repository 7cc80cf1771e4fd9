/**
 * RocketMQ's reserved topic and group names (TopicValidator, MixAll) and its topic-name rule, shared
 * by the broker (which enforces them) and the client (which checks before sending).
 */
export const SystemTopic = {
  /** The topic whose config a broker copies when it auto-creates a topic on first send. */
  AUTO_CREATE_TOPIC_KEY: 'TBW102',
  SCHEDULE: 'SCHEDULE_TOPIC_XXXX',
  BENCHMARK: 'BenchmarkTest',
  SELF_TEST: 'SELF_TEST_TOPIC',
  OFFSET_MOVED_EVENT: 'OFFSET_MOVED_EVENT',
  TRANS_HALF: 'RMQ_SYS_TRANS_HALF_TOPIC',
  TRANS_OP_HALF: 'RMQ_SYS_TRANS_OP_HALF_TOPIC',
  TRANS_CHECK_MAX_TIME: 'TRANS_CHECK_MAX_TIME_TOPIC',
  TRACE: 'RMQ_SYS_TRACE_TOPIC',
} as const;

export const RETRY_GROUP_TOPIC_PREFIX = '%RETRY%';
export const DLQ_GROUP_TOPIC_PREFIX = '%DLQ%';
export const REPLY_TOPIC_POSTFIX = 'REPLY_TOPIC';
/** The consumer group the broker uses for its own transaction bookkeeping. */
export const CID_RMQ_SYS_TRANS = 'CID_RMQ_SYS_TRANS';

export const TOPIC_NAME_CHARS_MAX = 127;
export const TOPIC_NAME_PATTERN = /^[%|a-zA-Z0-9_-]+$/;
const NOT_ALLOWED_SEND_TOPICS: ReadonlySet<string> = new Set([
  SystemTopic.SCHEDULE,
  SystemTopic.TRANS_HALF,
  SystemTopic.TRANS_OP_HALF,
  SystemTopic.TRANS_CHECK_MAX_TIME,
]);

export function retryTopicOf(group: string): string {
  return RETRY_GROUP_TOPIC_PREFIX + group;
}

export function dlqTopicOf(group: string): string {
  return DLQ_GROUP_TOPIC_PREFIX + group;
}

export function isRetryTopic(topic: string): boolean {
  return topic.startsWith(RETRY_GROUP_TOPIC_PREFIX);
}

export function isDlqTopic(topic: string): boolean {
  return topic.startsWith(DLQ_GROUP_TOPIC_PREFIX);
}

/** Why `topic` is not a valid topic name, or undefined when it is. */
export function topicNameProblem(topic: string): string | undefined {
  if (topic.trim().length === 0) return 'the specified topic is blank';
  if (topic.length > TOPIC_NAME_CHARS_MAX) {
    return `the specified topic is longer than topic max length ${TOPIC_NAME_CHARS_MAX}`;
  }
  if (!TOPIC_NAME_PATTERN.test(topic)) {
    return `the specified topic[${topic}] contains illegal characters, allowing only ^[%|a-zA-Z0-9_-]+$`;
  }
  return undefined;
}

/** System topics no producer may send to (their messages are written by the broker itself). */
export function isNotAllowedSendTopic(topic: string): boolean {
  return NOT_ALLOWED_SEND_TOPICS.has(topic);
}

const SYSTEM_TOPICS: ReadonlySet<string> = new Set(Object.values(SystemTopic));
const SYSTEM_TOPIC_PREFIX = 'rmq_sys_';

/** Topics reserved for the broker itself; admins may not create or change them. */
export function isSystemTopic(topic: string): boolean {
  return SYSTEM_TOPICS.has(topic) || topic.startsWith(SYSTEM_TOPIC_PREFIX);
}
