/**
 * Where the broker's JSON config files live: `<storePathRootDir>/config/<name>` (RocketMQ's
 * BrokerPathConfigHelper and StorePathConfigHelper.getDelayOffsetStorePath), and the suffixes of
 * the files that go with each one.
 */
export const CONFIG_DIR_NAME = 'config';

export const ConfigFileNames = {
  TOPICS: 'topics.json',
  SUBSCRIPTION_GROUP: 'subscriptionGroup.json',
  CONSUMER_OFFSET: 'consumerOffset.json',
  DELAY_OFFSET: 'delayOffset.json',
} as const;

export type ConfigFileName = (typeof ConfigFileNames)[keyof typeof ConfigFileNames];

/** The previous content, kept by every persist. */
export const BACKUP_SUFFIX = '.bak';
/** The new content while it is written; renamed over the main file once durable. */
export const TEMP_SUFFIX = '.tmp';

export function configFilePath(storePathRootDir: string, name: ConfigFileName): string {
  return `${storePathRootDir}/${CONFIG_DIR_NAME}/${name}`;
}
