/**
 * Message lookup for the admin client: VIEW_MESSAGE_BY_ID to the ip:port an offset msgId encodes,
 * and QUERY_MESSAGE by key (or UNIQ_KEY) on every master of the topic, QUERY_NOT_FOUND counting
 * as "none here". Also the shared "ask every master of a topic" fan-out.
 */
import {
  createRequest,
  decodeOffsetMessageId,
  decodeTopicRouteData,
  GetRouteInfoRequestHeader,
  formatSocketAddress,
  QueryMessageRequestHeader,
  RemotingCommand,
  RequestCode,
  ResponseCode,
  ViewMessageRequestHeader,
} from '@rmq/protocol';
import { ClientRemoting } from '../core/client-remoting';
import { masterAddrOf } from '../core/topic-route';
import { MQClientError } from '../errors/mq-client.error';
import { decodeMessageExt, decodeMessageExts, MessageExt } from '../message/message-ext';

/** Query replies can carry many records; the broker limits maxNum too. */
const QUERY_TIMEOUT_MS_MIN = 10_000;

export class MessageLookup {
  constructor(
    protected readonly remoting: ClientRemoting,
    protected readonly timeoutMs: number,
  ) {}

  async viewMessage(offsetMsgId: string): Promise<MessageExt> {
    const { storeHost, commitLogOffset } = decodeOffsetMessageId(offsetMsgId);
    const header = ViewMessageRequestHeader.encode({ offset: commitLogOffset });
    const response = await this.broker(
      formatSocketAddress(storeHost),
      createRequest(RequestCode.VIEW_MESSAGE_BY_ID, header),
    );
    return decodeMessageExt(response.body ?? Buffer.alloc(0));
  }

  /** Messages of topic with key stored between beginMs and endMs, from every master. */
  async queryMessage(
    topic: string,
    key: string,
    maxNum: number,
    beginMs: number,
    endMs: number,
  ): Promise<MessageExt[]> {
    return this.query(topic, key, maxNum, beginMs, endMs, false);
  }

  async queryMessageByUniqKey(topic: string, uniqKey: string): Promise<MessageExt | undefined> {
    const found = await this.query(topic, uniqKey, 32, 0, Number.MAX_SAFE_INTEGER, true);
    return found.find((m) => m.msgId === uniqKey);
  }

  private async query(
    topic: string,
    key: string,
    maxNum: number,
    beginMs: number,
    endMs: number,
    uniq: boolean,
  ): Promise<MessageExt[]> {
    const header = QueryMessageRequestHeader.encode({
      topic,
      key,
      maxNum,
      beginTimestamp: beginMs,
      endTimestamp: endMs,
      ...(uniq ? { _UNIQUE_KEY_QUERY: true } : {}),
    });
    const perBroker = await this.fromMasters(topic, async (addr) => {
      const response = await this.remoting.invokeExpect(
        addr,
        createRequest(RequestCode.QUERY_MESSAGE, header),
        Math.max(this.timeoutMs, QUERY_TIMEOUT_MS_MIN),
        ResponseCode.SUCCESS,
        ResponseCode.QUERY_NOT_FOUND,
      );
      return response.code === ResponseCode.QUERY_NOT_FOUND ? [] : decodeMessageExts(response.body);
    });
    // The index matches hashes; keep only messages that really carry the key.
    const all = perBroker.flat().filter((m) => (uniq ? m.msgId === key : m.keys.includes(key)));
    return all.slice(0, uniq ? all.length : maxNum);
  }

  /** Runs fn against every master serving topic (per its route); fails if none does. */
  protected async fromMasters<T>(topic: string, fn: (addr: string) => Promise<T>): Promise<T[]> {
    const header = GetRouteInfoRequestHeader.encode({ topic, acceptStandardJsonOnly: true });
    const response = await this.remoting.invokeNamesrvExpect(
      createRequest(RequestCode.GET_ROUTEINFO_BY_TOPIC, header),
      this.timeoutMs,
    );
    const route = decodeTopicRouteData(response.body ?? Buffer.from('{}'));
    const addrs = route.brokerDatas.map(masterAddrOf).filter((a): a is string => a !== undefined);
    if (addrs.length === 0) throw new MQClientError('BROKER_NOT_FOUND', `no master serves topic ${topic}`);
    return Promise.all(addrs.map(fn));
  }

  protected broker(addr: string, request: RemotingCommand): Promise<RemotingCommand> {
    return this.remoting.invokeExpect(addr, request, this.timeoutMs);
  }
}
