import { PartnerTopics } from '@rebound/contracts';
import {
  assertTopicNamespace,
  logicalTopic,
  physicalGroupId,
  physicalPattern,
  physicalTopic,
  topicsInNamespace,
} from './topic-namespace';

describe('topic names in a namespace', () => {
  it('prefixes topics and consumer groups with the namespace, and maps physical topics back', () => {
    expect(physicalTopic('it-3f9a', 'returns.return.v1')).toBe('it-3f9a.returns.return.v1');
    expect(physicalGroupId('it-3f9a', 'refunds.main')).toBe('it-3f9a.refunds.main');
    expect(logicalTopic('it-3f9a', 'it-3f9a.returns.return.v1')).toBe('returns.return.v1');
  });

  it('refuses to map back a topic of another namespace', () => {
    expect(() => logicalTopic('it-3f9a', 'it-0000.returns.return.v1')).toThrow(
      'topic it-0000.returns.return.v1 is outside topic namespace it-3f9a',
    );
  });

  it("keeps only the namespace's topics out of a cluster's list, by their logical names", () => {
    const cluster = ['returns.return.v1', 'it-3f9a.returns.return.v1', 'it-3f9a2.returns.return.v1', 'it-3f9a.x.v1'];
    expect(topicsInNamespace('it-3f9a', cluster)).toEqual(['returns.return.v1', 'x.v1']);
  });

  it('leaves every name as it is without a namespace', () => {
    const pattern = PartnerTopics.tracking.pattern;
    expect(physicalTopic(undefined, 'returns.return.v1')).toBe('returns.return.v1');
    expect(physicalGroupId(undefined, 'refunds.main')).toBe('refunds.main');
    expect(logicalTopic(undefined, 'returns.return.v1')).toBe('returns.return.v1');
    expect(topicsInNamespace(undefined, ['a.v1', 'b.v1'])).toEqual(['a.v1', 'b.v1']);
    expect(physicalPattern(undefined, pattern)).toBe(pattern);
  });
});

describe('topic patterns in a namespace', () => {
  const tracking = physicalPattern('it-3f9a', PartnerTopics.tracking.pattern);

  it("matches a family's topics in the namespace only", () => {
    expect(tracking.test('it-3f9a.partners.acme-3pl.tracking.v1')).toBe(true);
    expect(tracking.test('partners.acme-3pl.tracking.v1')).toBe(false);
    expect(tracking.test('it-0000.partners.acme-3pl.tracking.v1')).toBe(false);
    expect(tracking.test('it-3f9a.partners.acme-3pl.bookings.v1')).toBe(false);
    expect(tracking.test('it-3f9a.x.partners.acme-3pl.tracking.v1')).toBe(false);
  });

  it('keeps the capture groups, so the partner id is still group 1', () => {
    expect(tracking.exec('it-3f9a.partners.acme-3pl.tracking.v1')?.[1]).toBe('acme-3pl');
    const named = physicalPattern('it-3f9a', /^partners\.(?<partner>[a-z0-9-]+)\.(\w+)\.v1$/);
    const match = named.exec('it-3f9a.partners.acme.bookings.v1');
    expect(match?.groups?.['partner']).toBe('acme');
    expect(match?.[2]).toBe('bookings');
  });

  it('keeps the meaning of unanchored patterns and of alternatives with and without ^', () => {
    const unanchored = physicalPattern('it-3f9a', /dead-letter/);
    expect(unanchored.test('it-3f9a.refunds.dead-letter.v1')).toBe(true);
    expect(unanchored.test('refunds.dead-letter.v1')).toBe(false);
    const either = physicalPattern('it-3f9a', /^returns\.|refund/);
    expect(either.test('it-3f9a.returns.return.v1')).toBe(true);
    expect(either.test('it-3f9a.x.refunds.refund.v1')).toBe(true);
    expect(either.test('it-3f9a.x.returns.return.v1')).toBe(false);
  });

  it('leaves an escaped ^ and a negated character class alone', () => {
    const pattern = physicalPattern('it-3f9a', /^a\^[^.]+$/);
    expect(pattern.test('it-3f9a.a^b')).toBe(true);
    expect(pattern.test('it-3f9a.a^b.c')).toBe(false);
  });

  it('treats the dots of the namespace as dots, not as any character', () => {
    expect(physicalPattern('staging.eu', /^x\.v1$/).test('stagingxeu.x.v1')).toBe(false);
    expect(physicalPattern('staging.eu', /^x\.v1$/).test('staging.eu.x.v1')).toBe(true);
  });
});

describe('assertTopicNamespace', () => {
  it("accepts Kafka's topic characters in dot-separated parts", () => {
    for (const namespace of ['it-3f9a', 'staging.eu', 'Team_A.pr-42']) {
      expect(() => assertTopicNamespace(namespace)).not.toThrow();
    }
  });

  it('refuses other characters, a dot at either end, an empty part and an empty namespace, naming the source', () => {
    for (const namespace of ['it 3f9a', 'it/3f9a', '.it', 'it.', 'it..eu', '']) {
      expect(() => assertTopicNamespace(namespace, 'KAFKA_TOPIC_NAMESPACE')).toThrow(
        `KAFKA_TOPIC_NAMESPACE "${namespace}" must be letters, digits, "-" and "_" in parts joined by single dots`,
      );
    }
  });

  it('refuses a namespace too long to leave room for the topic names', () => {
    expect(() => assertTopicNamespace('n'.repeat(65))).toThrow(
      `topic namespace "${'n'.repeat(65)}" is longer than 64 characters`,
    );
  });
});
