/**
 * The one MessageStore conformance suite (NATS JetStream style): every implementation calls
 * describeMessageStoreConformance from its own spec with a harness, and must pass all of it.
 * The behaviours are RocketMQ 4.9.7's as seen through the MessageStore contract; where the suite
 * had to pick between readings, the choice is stated in the file that tests it.
 */
import { describe } from '@jest/globals';
import { useStoreUnderTest } from './conformance-fixtures';
import type { MessageStoreHarness } from './conformance-harness';
import { declareLifecycleConformance } from './lifecycle.conformance';
import { declareLimitsTransactionsConformance } from './limits-transactions.conformance';
import { declareOffsetsTimeConformance } from './offsets-time.conformance';
import { declarePutGetConformance } from './put-get.conformance';
import { declareQueryLookupConformance } from './query-lookup.conformance';
import { declareRandomModelConformance } from './random-model.conformance';

export function describeMessageStoreConformance(name: string, harness: MessageStoreHarness): void {
  describe(`MessageStore conformance: ${name}`, () => {
    const sut = useStoreUnderTest(harness);
    declarePutGetConformance(sut);
    declareOffsetsTimeConformance(sut);
    declareQueryLookupConformance(sut);
    declareLimitsTransactionsConformance(sut);
    declareLifecycleConformance(sut);
    declareRandomModelConformance(sut);
  });
}
