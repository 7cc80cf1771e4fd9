/**
 * A broker or NameServer answered with a failure code. Carries the code, the remark and the
 * address that answered, so callers can decide (e.g. the producer retries another broker on 17).
 */
import { responseCodeName, RmqError } from '@rmq/protocol';

export class MQBrokerError extends RmqError {
  readonly remark: string;
  readonly brokerAddr: string;

  constructor(responseCode: number, remark: string | undefined, brokerAddr: string, requestCode?: number) {
    const name = responseCodeName(responseCode);
    const what = requestCode === undefined ? '' : ` to request ${requestCode}`;
    super(
      'BROKER_ERROR',
      responseCode,
      `${brokerAddr} answered ${responseCode} ${name}${what}: ${remark ?? ''}`,
      {
        retriable: false,
        context: { responseCode, remark, brokerAddr, requestCode },
      },
    );
    this.remark = remark ?? '';
    this.brokerAddr = brokerAddr;
  }
}

export function isMQBrokerError(err: unknown): err is MQBrokerError {
  return err instanceof MQBrokerError;
}
