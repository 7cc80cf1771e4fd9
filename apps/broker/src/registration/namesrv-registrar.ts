/**
 * The broker's side of the NameServer protocol (RocketMQ's BrokerOuterAPI + registerBrokerAll):
 * REGISTER_BROKER with the topic table to every NameServer at start, every
 * registerNameServerPeriod and after a topic changes; UNREGISTER_BROKER at shutdown. A slave learns
 * its master's addresses from the answers. Failures are logged and retried on the next round.
 */
import type { BrokerConfig } from '@rmq/config';
import type { Logger } from '@rmq/observability';
import {
  createRequest,
  encodeRegisterBrokerBody,
  encodeRegisterBrokerBodyCompressed,
  isReadable,
  isWriteable,
  RegisterBrokerRequestHeader,
  RegisterBrokerResponseHeader,
  RequestCode,
  ResponseCode,
  rocketmqCrc32,
  TopicConfigSerializeWrapper,
  UnRegisterBrokerRequestHeader,
} from '@rmq/protocol';
import type { RemotingClient } from '@rmq/remoting';

export type RegistrarSettings = Pick<
  BrokerConfig,
  | 'namesrvAddr'
  | 'brokerName'
  | 'brokerClusterName'
  | 'brokerId'
  | 'brokerIP1'
  | 'brokerIP2'
  | 'listenPort'
  | 'haListenPort'
  | 'brokerPermission'
  | 'compressedRegister'
  | 'registerBrokerTimeoutMills'
  | 'registerNameServerPeriod'
>;

export interface MasterAddresses {
  masterAddr?: string;
  haServerAddr?: string;
}

export class NamesrvRegistrar {
  private timer: NodeJS.Timeout | undefined;
  private readonly registeredWith = new Set<string>();
  private master: MasterAddresses = {};
  private round: Promise<void> | undefined;
  private again = false;

  constructor(
    private readonly settings: RegistrarSettings,
    private readonly client: RemotingClient,
    private readonly topicTable: () => TopicConfigSerializeWrapper,
    private readonly log: Logger,
  ) {}

  get brokerAddr(): string {
    return `${this.settings.brokerIP1}:${this.settings.listenPort}`;
  }

  get haServerAddr(): string {
    return `${this.settings.brokerIP2}:${this.settings.haListenPort}`;
  }

  /** True once at least one NameServer accepted the registration (readiness). */
  get registered(): boolean {
    return this.registeredWith.size > 0;
  }

  get masterAddresses(): MasterAddresses {
    return { ...this.master };
  }

  async start(): Promise<void> {
    await this.registerAll();
    this.timer = setInterval(() => void this.registerAll(), this.settings.registerNameServerPeriod);
    this.timer.unref();
  }

  /** Registers with every NameServer; concurrent calls collapse into one extra round. */
  registerAll(): Promise<void> {
    if (this.round !== undefined) {
      this.again = true;
      return this.round;
    }
    this.round = this.registerRound().finally(() => {
      this.round = undefined;
      if (this.again) {
        this.again = false;
        void this.registerAll();
      }
    });
    return this.round;
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.round;
    await Promise.all(this.settings.namesrvAddr.map((addr) => this.unregisterFrom(addr)));
  }

  private async registerRound(): Promise<void> {
    const body = this.registrationBody();
    await Promise.all(this.settings.namesrvAddr.map((addr) => this.registerWith(addr, body)));
  }

  private registrationBody(): Buffer {
    const wrapper = this.topicTable();
    const perm = this.settings.brokerPermission;
    if (!isWriteable(perm) || !isReadable(perm)) {
      for (const config of wrapper.topicConfigTable.values()) config.perm &= perm;
    }
    const body = { topicConfigSerializeWrapper: wrapper, filterServerList: [] };
    return this.settings.compressedRegister
      ? encodeRegisterBrokerBodyCompressed(body)
      : encodeRegisterBrokerBody(body);
  }

  private async registerWith(addr: string, body: Buffer): Promise<void> {
    const s = this.settings;
    const header = RegisterBrokerRequestHeader.encode({
      brokerName: s.brokerName,
      brokerAddr: this.brokerAddr,
      clusterName: s.brokerClusterName,
      haServerAddr: this.haServerAddr,
      brokerId: s.brokerId,
      compressed: s.compressedRegister,
      bodyCrc32: rocketmqCrc32(body),
    });
    try {
      const response = await this.client.invoke(
        addr,
        createRequest(RequestCode.REGISTER_BROKER, header, body),
        s.registerBrokerTimeoutMills,
      );
      if (response.code !== ResponseCode.SUCCESS)
        throw new Error(`code ${response.code}: ${response.remark ?? ''}`);
      this.noteAnswer(addr, RegisterBrokerResponseHeader.decode(response.extFields ?? {}));
    } catch (err) {
      this.registeredWith.delete(addr);
      this.log.warn({ namesrvAddr: addr, err: String(err) }, 'register broker to name server failed');
    }
  }

  private noteAnswer(addr: string, answer: RegisterBrokerResponseHeader): void {
    if (!this.registeredWith.has(addr)) this.log.info({ namesrvAddr: addr }, 'registered with name server');
    this.registeredWith.add(addr);
    if (this.settings.brokerId === 0) return;
    const next: MasterAddresses = {};
    if (answer.masterAddr) next.masterAddr = answer.masterAddr;
    if (answer.haServerAddr) next.haServerAddr = answer.haServerAddr;
    if (next.masterAddr !== this.master.masterAddr)
      this.log.info({ ...next }, 'master address from name server');
    this.master = next;
  }

  private async unregisterFrom(addr: string): Promise<void> {
    const s = this.settings;
    const header = UnRegisterBrokerRequestHeader.encode({
      brokerName: s.brokerName,
      brokerAddr: this.brokerAddr,
      clusterName: s.brokerClusterName,
      brokerId: s.brokerId,
    });
    try {
      await this.client.invoke(
        addr,
        createRequest(RequestCode.UNREGISTER_BROKER, header),
        s.registerBrokerTimeoutMills,
      );
      this.registeredWith.delete(addr);
    } catch (err) {
      this.log.warn({ namesrvAddr: addr, err: String(err) }, 'unregister broker from name server failed');
    }
  }
}
