/** Puts `count` messages straight into a fake broker's queue (UNIQ_KEY `ID-<topic>-<queueId>-<i>`). */
import { encodeMessageProperties } from '@rmq/protocol';
import { FakeBroker } from './fake-broker';

export function seedMessages(
  broker: FakeBroker,
  topic: string,
  queueId: number,
  count: number,
  extraProperties: (i: number) => Record<string, string> = () => ({}),
): void {
  for (let i = 0; i < count; i += 1) {
    const props = { UNIQ_KEY: `ID-${topic}-${queueId}-${i}`, ...extraProperties(i) };
    broker.store.append({
      topic,
      queueId,
      body: Buffer.from(`${topic}/${queueId}/${i}`),
      propertiesString: encodeMessageProperties(Object.entries(props)),
    });
  }
}
