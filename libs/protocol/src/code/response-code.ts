/**
 * ResponseCode (RocketMQ's ResponseCode extends RemotingSysResponseCode): every code listed in
 * protocol.md §2.1, under RocketMQ's names. 0 is success; 10-12 are stored-but-degraded sends.
 */
export const ResponseCode = {
  SUCCESS: 0,
  SYSTEM_ERROR: 1,
  SYSTEM_BUSY: 2,
  REQUEST_CODE_NOT_SUPPORTED: 3,
  TRANSACTION_FAILED: 4,
  FLUSH_DISK_TIMEOUT: 10,
  SLAVE_NOT_AVAILABLE: 11,
  FLUSH_SLAVE_TIMEOUT: 12,
  MESSAGE_ILLEGAL: 13,
  SERVICE_NOT_AVAILABLE: 14,
  VERSION_NOT_SUPPORTED: 15,
  NO_PERMISSION: 16,
  TOPIC_NOT_EXIST: 17,
  TOPIC_EXIST_ALREADY: 18,
  PULL_NOT_FOUND: 19,
  PULL_RETRY_IMMEDIATELY: 20,
  PULL_OFFSET_MOVED: 21,
  QUERY_NOT_FOUND: 22,
  SUBSCRIPTION_PARSE_FAILED: 23,
  SUBSCRIPTION_NOT_EXIST: 24,
  SUBSCRIPTION_NOT_LATEST: 25,
  SUBSCRIPTION_GROUP_NOT_EXIST: 26,
  FILTER_DATA_NOT_EXIST: 27,
  FILTER_DATA_NOT_LATEST: 28,
  TRANSACTION_SHOULD_COMMIT: 200,
  TRANSACTION_SHOULD_ROLLBACK: 201,
  TRANSACTION_STATE_UNKNOW: 202,
  TRANSACTION_STATE_GROUP_WRONG: 203,
  NO_BUYER_ID: 204,
  NOT_IN_CURRENT_UNIT: 205,
  CONSUMER_NOT_ONLINE: 206,
  CONSUME_MSG_TIMEOUT: 207,
  NO_MESSAGE: 208,
  UPDATE_AND_CREATE_ACL_CONFIG_FAILED: 209,
  DELETE_ACL_CONFIG_FAILED: 210,
  UPDATE_GLOBAL_WHITE_ADDRS_CONFIG_FAILED: 211,
  /** Defined by RocketMQ 5.x; listed in protocol.md §2.1 and harmless to know in 4.x. */
  FLOW_CONTROL: 215,
} as const;

export type ResponseCodeName = keyof typeof ResponseCode;
export type ResponseCodeValue = (typeof ResponseCode)[ResponseCodeName];

const RESPONSE_CODE_NAMES: ReadonlyMap<number, ResponseCodeName> = new Map(
  (Object.entries(ResponseCode) as [ResponseCodeName, number][]).map(([name, code]) => [code, name]),
);

/** The RocketMQ name of a response code, or `UNKNOWN`: a label with bounded cardinality for logs and metrics. */
export function responseCodeName(code: number): string {
  return RESPONSE_CODE_NAMES.get(code) ?? 'UNKNOWN';
}

/** Codes 10, 11 and 12 still mean the message was stored (protocol.md §2.1, "Send outcomes"). */
export function isSendStored(code: number): boolean {
  return (
    code === ResponseCode.SUCCESS ||
    code === ResponseCode.FLUSH_DISK_TIMEOUT ||
    code === ResponseCode.SLAVE_NOT_AVAILABLE ||
    code === ResponseCode.FLUSH_SLAVE_TIMEOUT
  );
}
