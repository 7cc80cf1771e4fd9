/**
 * MessageSysFlag: the sysFlag int of a message (send header, stored record). Bits 2-3 hold the
 * transaction type; bits 8-10 the compression type (4.9.7+). protocol.md §3.3.
 */
export const MessageSysFlag = {
  COMPRESSED_FLAG: 0x1,
  MULTI_TAGS_FLAG: 0x2,
  TRANSACTION_NOT_TYPE: 0x0,
  TRANSACTION_PREPARED_TYPE: 0x4,
  TRANSACTION_COMMIT_TYPE: 0x8,
  TRANSACTION_ROLLBACK_TYPE: 0xc,
  BORNHOST_V6_FLAG: 0x10,
  STOREHOSTADDRESS_V6_FLAG: 0x20,
  NEED_UNWRAP_FLAG: 0x40,
  INNER_BATCH_FLAG: 0x80,
  COMPRESSION_LZ4_TYPE: 0x1 << 8,
  COMPRESSION_ZSTD_TYPE: 0x2 << 8,
  COMPRESSION_ZLIB_TYPE: 0x3 << 8,
  COMPRESSION_TYPE_COMPARATOR: 0x7 << 8,
} as const;

const TRANSACTION_MASK = 0xc;

/** The transaction type bits (0, 4, 8 or 12). */
export function getTransactionValue(sysFlag: number): number {
  return sysFlag & TRANSACTION_MASK;
}

export function resetTransactionValue(sysFlag: number, transactionType: number): number {
  return (sysFlag & ~TRANSACTION_MASK) | (transactionType & TRANSACTION_MASK);
}

export function clearCompressedFlag(sysFlag: number): number {
  return sysFlag & ~MessageSysFlag.COMPRESSED_FLAG;
}

/** Only NOT and COMMIT records are dispatched to consume queues (protocol.md §3.3). */
export function isDispatchedTransactionType(sysFlag: number): boolean {
  const type = getTransactionValue(sysFlag);
  return type === MessageSysFlag.TRANSACTION_NOT_TYPE || type === MessageSysFlag.TRANSACTION_COMMIT_TYPE;
}
