import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AclOperation } from '@rebound/kafka';
import * as contracts from '@rebound/contracts';
import { PartnerTopics, Topics, allServices, catalogueTopics } from '@rebound/contracts';
import {
  KafkaUserResource,
  deadLetterToolUser,
  generatedKafkaFiles,
  partnerUser,
  serviceUser,
} from './kafka-resources';
import { REPO_ROOT } from './manifests';
import { demoPartnerIds } from '../platform/demo-platform';

/** What Kafka's simple authorizer would decide for this user: an allow rule whose resource matches. */
function allows(user: KafkaUserResource, operation: AclOperation, type: 'topic' | 'group', name: string): boolean {
  return user.spec.authorization.acls.some(
    ({ resource, operations }) =>
      resource.type === type &&
      operations.includes(operation) &&
      (resource.patternType === 'literal' ? resource.name === name : name.startsWith(resource.name)),
  );
}

describe('Strimzi topics and users', () => {
  it('are committed as the catalogue produces them now (else run: npx nx run scripts:deploy-files)', () => {
    const stale = [...generatedKafkaFiles(REPO_ROOT)]
      .filter(([path, content]) => {
        try {
          return readFileSync(join(REPO_ROOT, path), 'utf8') !== content;
        } catch {
          return true;
        }
      })
      .map(([path]) => path);

    expect(stale).toEqual([]);
  });

  describe('a 3PL partner', () => {
    const acme = partnerUser('acme');

    it('writes only its own tracking topic and reads only its own bookings topic', () => {
      expect(allows(acme, 'Write', 'topic', 'partners.acme.tracking.v1')).toBe(true);
      expect(allows(acme, 'Read', 'topic', 'partners.acme.bookings.v1')).toBe(true);

      expect(allows(acme, 'Read', 'topic', 'partners.acme.tracking.v1')).toBe(false);
      expect(allows(acme, 'Write', 'topic', 'partners.acme.bookings.v1')).toBe(false);
      for (const other of ['partners.globex.tracking.v1', 'partners.acme-east.tracking.v1']) {
        expect(allows(acme, 'Write', 'topic', other)).toBe(false);
      }
      for (const other of ['partners.globex.bookings.v1', 'partners.acme-east.bookings.v1']) {
        expect(allows(acme, 'Read', 'topic', other)).toBe(false);
      }
      for (const topic of catalogueTopics()) {
        expect([allows(acme, 'Read', 'topic', topic.name), allows(acme, 'Write', 'topic', topic.name)]).toEqual([
          false,
          false,
        ]);
      }
      expect(allows(acme, 'Create', 'topic', 'partners.acme.tracking.v1')).toBe(false);
    });

    it("consumes in groups of its own, never in a service's", () => {
      expect(allows(acme, 'Read', 'group', 'partners.acme.bookings-reader')).toBe(true);
      expect(allows(acme, 'Read', 'group', 'partners.acme.simulator')).toBe(true);
      expect(allows(acme, 'Read', 'group', 'partners.acme-east.reader')).toBe(false);
      for (const service of allServices()) expect(allows(acme, 'Read', 'group', `${service.name}.main`)).toBe(false);
    });

    it('refuses a partner id that could reach beyond its own topics', () => {
      expect(() => partnerUser('acme.globex')).toThrow(/partner id "acme.globex" must match/);
    });

    it('is generated for every demo partner', () => {
      expect(demoPartnerIds(REPO_ROOT)).toEqual(['swiftback', 'parcelpoint', 'kiezkurier']);
    });
  });

  describe('a service', () => {
    it.each(allServices().map((service) => [service.name, service] as const))(
      '%s reads what it consumes as <service>.main and writes only what it owns',
      (_name, service) => {
        const user = serviceUser(service);
        for (const ref of service.consumes) {
          const topic = contracts.isTopicFamily(ref) ? ref.nameFor('acme') : ref.name;
          expect(allows(user, 'Read', 'topic', topic)).toBe(true);
        }
        expect(allows(user, 'Read', 'group', `${service.name}.main`)).toBe(true);
        for (const other of allServices().filter((candidate) => candidate !== service)) {
          expect(allows(user, 'Read', 'group', `${other.name}.main`)).toBe(false);
        }
        for (const topic of catalogueTopics()) {
          expect(allows(user, 'Write', 'topic', topic.name)).toBe(topic.producer === service.name);
        }
        expect(allows(user, 'Write', 'topic', service.deadLetterTopic.name)).toBe(true);
      },
    );

    it('pickup-scheduling creates a new partner’s topics, and writes its bookings only once the partner is registered', () => {
      const user = serviceUser(contracts.Services.pickupScheduling);
      for (const family of [PartnerTopics.bookings, PartnerTopics.tracking]) {
        expect(allows(user, 'Create', 'topic', family.nameFor('newcomer'))).toBe(true);
      }
      expect(allows(user, 'Write', 'topic', PartnerTopics.bookings.nameFor('newcomer'))).toBe(false);
      const registered = serviceUser(contracts.Services.pickupScheduling, ['newcomer']);
      expect(allows(registered, 'Write', 'topic', PartnerTopics.bookings.nameFor('newcomer'))).toBe(true);
      expect(allows(registered, 'Write', 'topic', PartnerTopics.tracking.nameFor('newcomer'))).toBe(false);
      expect(allows(serviceUser(contracts.Services.refunds), 'Create', 'topic', 'partners.newcomer.tracking.v1')).toBe(
        false,
      );
    });
  });

  it('lets the dead-letter tool read dead letters and replay them onto the topic they came from', () => {
    const tool = deadLetterToolUser();
    for (const service of allServices()) expect(allows(tool, 'Read', 'topic', service.deadLetterTopic.name)).toBe(true);
    expect(allows(tool, 'Write', 'topic', Topics.returnsReturn.name)).toBe(true);
    expect(allows(tool, 'Write', 'topic', PartnerTopics.tracking.nameFor('swiftback'))).toBe(true);
    expect(allows(tool, 'Read', 'group', 'dlt-tool.refunds.1a2b3c4d')).toBe(true);
    expect(allows(tool, 'Write', 'topic', Topics.refundsDeadLetter.name)).toBe(false);
  });
});
