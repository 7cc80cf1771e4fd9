import {
  dlqTopicOf,
  isNotAllowedSendTopic,
  isSystemTopic,
  isRetryTopic,
  retryTopicOf,
  SystemTopic,
  topicNameProblem,
} from './topic-validator';

describe('topic names', () => {
  it.each([
    ['TopicTest', undefined],
    ['%RETRY%group_1', undefined],
    ['a|b-c_d', undefined],
    ['', 'blank'],
    ['   ', 'blank'],
    ['x'.repeat(128), 'longer'],
    ['has space', 'illegal characters'],
    ['dot.ted', 'illegal characters'],
  ])('%j -> %s', (topic, problem) => {
    const found = topicNameProblem(topic);
    if (problem === undefined) expect(found).toBeUndefined();
    else expect(found).toContain(problem);
  });

  it('accepts exactly 127 characters', () => {
    expect(topicNameProblem('x'.repeat(127))).toBeUndefined();
  });

  it('builds and recognises retry and DLQ topics', () => {
    expect(retryTopicOf('G')).toBe('%RETRY%G');
    expect(dlqTopicOf('G')).toBe('%DLQ%G');
    expect(isRetryTopic('%RETRY%G')).toBe(true);
    expect(isRetryTopic('%DLQ%G')).toBe(false);
  });

  it('forbids sends to the schedule and transaction topics only', () => {
    expect(isNotAllowedSendTopic(SystemTopic.SCHEDULE)).toBe(true);
    expect(isNotAllowedSendTopic(SystemTopic.TRANS_HALF)).toBe(true);
    expect(isNotAllowedSendTopic(SystemTopic.AUTO_CREATE_TOPIC_KEY)).toBe(false);
  });
});

describe('system topics', () => {
  it('reserves the broker-owned names and the rmq_sys_ prefix', () => {
    expect(isSystemTopic('TBW102')).toBe(true);
    expect(isSystemTopic('SCHEDULE_TOPIC_XXXX')).toBe(true);
    expect(isSystemTopic('rmq_sys_anything')).toBe(true);
    expect(isSystemTopic('TopicTest')).toBe(false);
  });
});
