/** One client connection as the broker remembers it (RocketMQ's ClientChannelInfo). */
import type { Channel } from '@rmq/remoting';

export interface ClientChannelInfo {
  readonly channel: Channel;
  readonly clientId: string;
  /** The LanguageCode name the client sent, e.g. JAVA. */
  readonly language: string;
  readonly version: number;
  lastUpdateTimestamp: number;
}
