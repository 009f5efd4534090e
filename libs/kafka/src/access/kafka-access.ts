/**
 * Who may do what on the Kafka cluster, derived from the topic catalogue and the service list in
 * libs/contracts — the one source for the Strimzi KafkaUsers (scripts/deploy), the local broker's
 * users (scripts/stack) and the users pickup-scheduling creates when a partner registers:
 *
 * - a service writes the topics it owns (its dead-letter topic included), reads the topics it
 *   consumes with its own group `<service>.main`, and creates the topics of the families it owns or
 *   consumes (a new partner's); the producer of a family writes a partner's topic of it once that
 *   partner is registered;
 * - partner X writes only `partners.X.tracking.v1`, reads only `partners.X.bookings.v1`, with groups
 *   `partners.X.<anything>`;
 * - the dead-letter tool reads the dead-letter topics and replays onto the topics they came from;
 * - the commerce platform writes the topics produced outside Rebound and reads the returns topic.
 *
 * Under a topic namespace (deployments or test runs sharing a cluster) every user is
 * `<namespace>.<user>` and every resource name is the namespace's physical one.
 */
import {
  PARTNER_ID_PATTERN,
  PartnerTopics,
  ServiceDefinition,
  TopicFamily,
  TopicRef,
  Topics,
  allServices,
  catalogueTopics,
  isTopicFamily,
} from '@rebound/contracts';
import { physicalGroupId, physicalTopic, topicsInNamespace } from '../broker/topic-namespace';

export type AclOperation = 'Read' | 'Write' | 'Create' | 'Describe' | 'Alter' | 'All';

export interface Acl {
  readonly resource: {
    readonly type: 'topic' | 'group' | 'cluster';
    readonly name: string;
    readonly patternType: 'literal' | 'prefix';
  };
  readonly operations: AclOperation[];
}

/** A Kafka user and everything it is allowed: nothing else is. */
export interface KafkaAccess {
  readonly user: string;
  readonly acls: Acl[];
}

export const DLT_TOOL_GROUP_PREFIX = 'dlt-tool.';

function userName(namespace: string | undefined, user: string): string {
  return namespace === undefined ? user : `${namespace}.${user}`;
}

/** What every topic of a family starts with (`partners.`): Kafka ACLs match prefixes, not patterns. */
export function familyPrefix(family: TopicFamily): string {
  const [a, b] = [family.nameFor('a'), family.nameFor('b')];
  let length = 0;
  while (a[length] === b[length]) length += 1;
  return a.slice(0, length);
}

function topicAcl(namespace: string | undefined, ref: TopicRef, operations: AclOperation[]): Acl {
  return isTopicFamily(ref)
    ? {
        resource: { type: 'topic', name: physicalTopic(namespace, familyPrefix(ref)), patternType: 'prefix' },
        operations,
      }
    : literalTopicAcl(namespace, ref.name, operations);
}

function literalTopicAcl(namespace: string | undefined, name: string, operations: AclOperation[]): Acl {
  return { resource: { type: 'topic', name: physicalTopic(namespace, name), patternType: 'literal' }, operations };
}

function groupAcl(namespace: string | undefined, name: string, patternType: 'literal' | 'prefix'): Acl {
  return { resource: { type: 'group', name: physicalGroupId(namespace, name), patternType }, operations: ['Read'] };
}

const OPERATION_ORDER: AclOperation[] = ['Read', 'Write', 'Create', 'Describe', 'Alter', 'All'];

/** One rule per resource, operations merged, in a stable order (generated files diff cleanly). */
function access(user: string, acls: readonly Acl[]): KafkaAccess {
  const byResource = new Map<string, Acl>();
  for (const acl of acls) {
    const key = `${acl.resource.type}|${acl.resource.patternType}|${acl.resource.name}`;
    const operations = new Set([...(byResource.get(key)?.operations ?? []), ...acl.operations]);
    byResource.set(key, { resource: acl.resource, operations: OPERATION_ORDER.filter((op) => operations.has(op)) });
  }
  return { user, acls: [...byResource.values()] };
}

export function consumerGroupOf(service: ServiceDefinition): string {
  return `${service.name}.main`;
}

export function serviceKafkaUser(service: ServiceDefinition, namespace?: string): string {
  return userName(namespace, `rebound-${service.name}`);
}

/**
 * What a service may do whatever partners exist. It reads the families it consumes and may create the
 * topics of the families it owns or consumes, but writes no family topic here: the producer of a
 * family is granted each partner's topic when that partner is registered (see `partnerGrants`), since
 * a prefix rule (`partners.`) would cover the partners' own topics too.
 */
export function serviceAccess(service: ServiceDefinition, namespace?: string): KafkaAccess {
  const families = Object.values(PartnerTopics);
  const owned = catalogueTopics().filter((topic) => topic.producer === service.name);
  const ownedFamilies = families.filter((family) => family.producer === service.name);
  const consumedFamilies = service.consumes.filter(isTopicFamily);
  return access(serviceKafkaUser(service, namespace), [
    ...owned.map((topic) => topicAcl(namespace, topic, ['Write', 'Describe'])),
    ...service.consumes.map((ref) => topicAcl(namespace, ref, ['Read', 'Describe'])),
    ...[...ownedFamilies, ...consumedFamilies].map((family) => topicAcl(namespace, family, ['Create'])),
    groupAcl(namespace, consumerGroupOf(service), 'literal'),
  ]);
}

export function partnerKafkaUser(partnerId: string, namespace?: string): string {
  if (!PARTNER_ID_PATTERN.test(partnerId))
    throw new Error(`partner id "${partnerId}" must match ${PARTNER_ID_PATTERN}`);
  return userName(namespace, `partner-${partnerId}`);
}

/** The consumer groups a partner may use: `partners.<id>.<anything>`. */
export function partnerGroupPrefix(partnerId: string): string {
  return `partners.${partnerId}.`;
}

export function partnerAccess(partnerId: string, namespace?: string): KafkaAccess {
  return access(partnerKafkaUser(partnerId, namespace), [
    literalTopicAcl(namespace, PartnerTopics.tracking.nameFor(partnerId), ['Write', 'Describe']),
    literalTopicAcl(namespace, PartnerTopics.bookings.nameFor(partnerId), ['Read', 'Describe']),
    groupAcl(namespace, partnerGroupPrefix(partnerId), 'prefix'),
  ]);
}

/**
 * What registering a partner grants: the partner's own user its access, and each service that
 * produces a partner family (pickup-scheduling, the bookings) Write on that partner's topic of it.
 */
export function partnerGrants(partnerId: string, namespace?: string): KafkaAccess[] {
  const producers = Object.values(PartnerTopics).flatMap((family) =>
    allServices()
      .filter((service) => service.name === family.producer)
      .map((service) =>
        access(serviceKafkaUser(service, namespace), [
          literalTopicAcl(namespace, family.nameFor(partnerId), ['Write', 'Describe']),
        ]),
      ),
  );
  return [partnerAccess(partnerId, namespace), ...producers];
}

/**
 * Whether an ACL of a service's user is a partner grant (`partnerGrants`): a literal rule on one
 * partner's topic. Those come and go with partners, so a catalogue sync leaves them alone.
 */
export function isPartnerGrant(acl: Acl, namespace?: string): boolean {
  if (acl.resource.type !== 'topic' || acl.resource.patternType !== 'literal') return false;
  const [logical] = topicsInNamespace(namespace, [acl.resource.name]);
  return (
    logical !== undefined && Object.values(PartnerTopics).some((family) => family.partnerIdOf(logical) !== undefined)
  );
}

/** scripts/dlt: reads every dead-letter topic and replays onto the topic the letter came from. */
export function deadLetterToolAccess(namespace?: string): KafkaAccess {
  const services = allServices();
  return access(userName(namespace, 'rebound-dlt-tool'), [
    ...services.map((service) => topicAcl(namespace, service.deadLetterTopic, ['Read', 'Describe'])),
    ...services.flatMap((service) => service.consumes.map((ref) => topicAcl(namespace, ref, ['Write', 'Describe']))),
    groupAcl(namespace, DLT_TOOL_GROUP_PREFIX, 'prefix'),
  ]);
}

/** The consumer groups the commerce platform may use: `commerce-platform.<anything>`. */
export const COMMERCE_PLATFORM_GROUP_PREFIX = 'commerce-platform.';

/**
 * The commerce platform: writes the catalogue's topics produced outside Rebound (its orders and
 * products), and reads the returns topic, where it learns which replacements to ship
 * (ExchangeShipmentReleased).
 */
export function commercePlatformAccess(namespace?: string): KafkaAccess {
  return access(userName(namespace, 'commerce-platform'), [
    ...catalogueTopics()
      .filter((topic) => topic.producer === 'external')
      .map((topic) => topicAcl(namespace, topic, ['Write', 'Describe'])),
    topicAcl(namespace, Topics.returnsReturn, ['Read', 'Describe']),
    groupAcl(namespace, COMMERCE_PLATFORM_GROUP_PREFIX, 'prefix'),
  ]);
}

/**
 * A tool that works only under topic namespaces of its own (`it-3f9a`, `bench-1c2d`): everything on
 * the topics and groups that start with one of `prefixes`, nothing on the real catalogue's.
 */
export function namespacedToolAccess(user: string, prefixes: readonly string[]): KafkaAccess {
  return access(
    user,
    prefixes.flatMap((prefix): Acl[] => [
      { resource: { type: 'topic', name: prefix, patternType: 'prefix' }, operations: ['All'] },
      { resource: { type: 'group', name: prefix, patternType: 'prefix' }, operations: ['All'] },
    ]),
  );
}

/**
 * The user pickup-scheduling registers partners' Kafka users with (KAFKA_ADMIN_USERNAME): Alter and
 * Describe on the cluster let it set SCRAM credentials and ACLs — and so grant anything, which is
 * why only that service holds it, and only ever grants what `partnerGrants` says.
 */
export function partnerRegistrarAccess(namespace?: string): KafkaAccess {
  return access(userName(namespace, 'rebound-partner-registrar'), [
    { resource: { type: 'cluster', name: 'kafka-cluster', patternType: 'literal' }, operations: ['Alter', 'Describe'] },
  ]);
}

/** Every user of a deployment (in a namespace, or none), with what the given partners' registration grants. */
export function deploymentAccess(partnerIds: readonly string[], namespace?: string): KafkaAccess[] {
  return mergedByUser([
    ...allServices().map((service) => serviceAccess(service, namespace)),
    deadLetterToolAccess(namespace),
    commercePlatformAccess(namespace),
    ...partnerIds.flatMap((partnerId) => partnerGrants(partnerId, namespace)),
  ]);
}

/** One entry per user, its rules together, in first-seen order. */
export function mergedByUser(accesses: readonly KafkaAccess[]): KafkaAccess[] {
  const byUser = new Map<string, Acl[]>();
  for (const { user, acls } of accesses) byUser.set(user, [...(byUser.get(user) ?? []), ...acls]);
  return [...byUser].map(([user, acls]) => access(user, acls));
}
