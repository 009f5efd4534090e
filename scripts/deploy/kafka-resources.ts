/**
 * Strimzi resources derived from the topic catalogue and the service list in libs/contracts: a
 * KafkaTopic per catalogue topic, a KafkaUser per service (write what it owns, read what it
 * consumes with its group `<service>.main`), one for the dead-letter tool and one for the commerce
 * platform, one per 3PL partner (write only its own tracking topic, read only its own bookings
 * topic), and what registering a partner grants the services (pickup-scheduling writes its bookings).
 *
 * `generate-deploy-files.ts` writes them into k8s/ and `kafka-resources.spec.ts` fails when the
 * committed files differ from what this module produces now — so a catalogue change is regenerated.
 */
import { Document } from 'yaml';
import {
  Acl,
  KafkaAccess,
  commercePlatformAccess,
  consumerGroupOf,
  deadLetterToolAccess,
  mergedByUser,
  partnerAccess,
  partnerGrants,
  serviceAccess,
  serviceKafkaUser,
} from '@rebound/kafka';
import { ServiceDefinition, allServices, catalogueTopics } from '@rebound/contracts';
import { DEMO_PARTNERS_FILE, demoPartnerIds } from '../platform/demo-platform';

/**
 * How the topics are laid out on the cluster. `partitions` is the one place the partition count is
 * set: manifests.spec.ts checks every autoscaler stays at or below it and that pickup-scheduling
 * creates partner topics with as many.
 */
export const KAFKA_LAYOUT = {
  /** The Strimzi `Kafka` resource's name: the `strimzi.io/cluster` label of every topic and user. */
  cluster: 'rebound',
  /**
   * The Strimzi listener the services and tools use: internal, TLS, SCRAM-SHA-512 (docs/deploy.md#kafka),
   * on the cluster's bootstrap Service.
   */
  tlsListenerPort: 9093,
  partitions: 6,
  replicas: 3,
  minInSyncReplicas: 2,
  /** Dead letters wait for someone to look at them: four weeks rather than the broker's default week. */
  deadLetterRetentionMs: 28 * 24 * 60 * 60 * 1000,
} as const;

/** What Strimzi names after a `Kafka` resource: the bootstrap Service, and the Secret holding the CA its brokers' certificates are signed by. */
export function strimziClusterNames(cluster: string): {
  readonly bootstrapService: string;
  readonly clusterCaSecret: string;
} {
  return { bootstrapService: `${cluster}-kafka-bootstrap`, clusterCaSecret: `${cluster}-cluster-ca-cert` };
}

/** The key of the cluster CA Secret holding the certificate (PEM), and of a KafkaUser's Secret holding its password. */
export const STRIMZI_SECRET_KEYS = { clusterCa: 'ca.crt', userPassword: 'password' } as const;

/** A dev cluster may run one broker: topics with one replica. */
export const SINGLE_BROKER = { replicas: 1, minInSyncReplicas: 1 } as const;

/** The files this module generates, relative to the repository root. */
export const GENERATED_FILES = {
  topics: 'k8s/base/kafka/topics.yaml',
  users: 'k8s/base/kafka/users.yaml',
  singleBrokerTopics: 'k8s/overlays/dev/kafka-single-broker.yaml',
  demoPartnerUsers: 'k8s/overlays/dev/kafka-partner-users.yaml',
  demoPartnerGrants: 'k8s/overlays/dev/kafka-partner-grants.yaml',
} as const;

const STRIMZI_API = 'kafka.strimzi.io/v1beta2';

export interface KafkaTopicResource {
  readonly apiVersion: typeof STRIMZI_API;
  readonly kind: 'KafkaTopic';
  readonly metadata: { readonly name: string; readonly labels: Record<string, string> };
  readonly spec: {
    /** Set explicitly so that a kustomize name prefix can never rename a topic on the cluster. */
    readonly topicName: string;
    readonly partitions: number;
    readonly replicas: number;
    readonly config: Record<string, string | number>;
  };
}

export interface KafkaUserResource {
  readonly apiVersion: typeof STRIMZI_API;
  readonly kind: 'KafkaUser';
  readonly metadata: { readonly name: string; readonly labels: Record<string, string> };
  readonly spec: {
    readonly authentication: { readonly type: 'scram-sha-512' };
    readonly authorization: { readonly type: 'simple'; readonly acls: Acl[] };
  };
}

interface Described<T> {
  readonly comment: string;
  readonly resource: T;
}

function labels(extra: Record<string, string> = {}): Record<string, string> {
  return { 'strimzi.io/cluster': KAFKA_LAYOUT.cluster, 'app.kubernetes.io/part-of': 'rebound', ...extra };
}

export function kafkaTopics(): Described<KafkaTopicResource>[] {
  const deadLetters = new Set(allServices().map((service) => service.deadLetterTopic.name));
  return catalogueTopics().map((topic) => ({
    comment: `${topic.name} — written by ${topic.producer === 'external' ? 'a system outside Rebound' : topic.producer}. ${topic.description}`,
    resource: {
      apiVersion: STRIMZI_API,
      kind: 'KafkaTopic',
      metadata: { name: topic.name, labels: labels() },
      spec: {
        topicName: topic.name,
        partitions: KAFKA_LAYOUT.partitions,
        replicas: KAFKA_LAYOUT.replicas,
        config: {
          'cleanup.policy': topic.cleanupPolicy,
          'min.insync.replicas': KAFKA_LAYOUT.minInSyncReplicas,
          ...(deadLetters.has(topic.name) ? { 'retention.ms': KAFKA_LAYOUT.deadLetterRetentionMs } : {}),
        },
      },
    },
  }));
}

/** Strategic-merge patches turning every topic into a single-broker one (the dev overlay's). */
function singleBrokerPatches(): Described<object>[] {
  return catalogueTopics().map((topic) => ({
    comment: topic.name,
    resource: {
      apiVersion: STRIMZI_API,
      kind: 'KafkaTopic',
      metadata: { name: topic.name },
      spec: { replicas: SINGLE_BROKER.replicas, config: { 'min.insync.replicas': SINGLE_BROKER.minInSyncReplicas } },
    },
  }));
}

function user(access: KafkaAccess, extraLabels: Record<string, string>): KafkaUserResource {
  return {
    apiVersion: STRIMZI_API,
    kind: 'KafkaUser',
    metadata: { name: access.user, labels: labels(extraLabels) },
    spec: {
      authentication: { type: 'scram-sha-512' },
      authorization: { type: 'simple', acls: access.acls },
    },
  };
}

/**
 * A service's user: what `serviceAccess` allows (see libs/messaging's access catalogue), with what
 * registering each of `partnerIds` grants it (pickup-scheduling writes each partner's bookings).
 */
export function serviceUser(service: ServiceDefinition, partnerIds: readonly string[] = []): KafkaUserResource {
  const [access] = mergedByUser([
    serviceAccess(service),
    ...partnerIds
      .flatMap((partnerId) => partnerGrants(partnerId))
      .filter((grant) => grant.user === serviceKafkaUser(service)),
  ]);
  return user(access, { 'app.kubernetes.io/name': service.name });
}

/** scripts/dlt: reads every dead-letter topic and replays onto the topic the letter came from. */
export function deadLetterToolUser(): KafkaUserResource {
  return user(deadLetterToolAccess(), { 'app.kubernetes.io/name': 'dlt-tool' });
}

/** The commerce platform: writes its orders and products topics. */
export function commercePlatformUser(): KafkaUserResource {
  return user(commercePlatformAccess(), { 'app.kubernetes.io/name': 'commerce-platform' });
}

/** A 3PL partner: writes its own tracking topic, reads its own bookings topic, nothing else. */
export function partnerUser(partnerId: string): KafkaUserResource {
  return user(partnerAccess(partnerId), { 'rebound/partner': partnerId });
}

/** The services a partner's registration grants something: the producers of the partner topic families. */
function partnerFamilyProducers(): ServiceDefinition[] {
  return allServices().filter((service) =>
    partnerGrants('any').some((grant) => grant.user === serviceKafkaUser(service)),
  );
}

const GENERATED_BY =
  'Generated by scripts/deploy/generate-deploy-files.ts from libs/contracts — do not edit.\n' +
  'Regenerate: npx nx run scripts:deploy-files';

function yamlDocuments(header: string, documents: readonly Described<object>[]): string {
  const rendered = documents.map(({ comment, resource }, index) => {
    const document = new Document(resource);
    document.commentBefore =
      index === 0 ? ` ${GENERATED_BY.replace(/\n/g, '\n ')}\n ${header}\n\n ${comment}` : ` ${comment}`;
    return document.toString({ lineWidth: 0 });
  });
  return rendered.join('---\n');
}

/** Every generated file's content, by path relative to the repository root. */
export function generatedKafkaFiles(root: string): Map<string, string> {
  const describedUser = (resource: KafkaUserResource, comment: string) => ({ comment, resource });
  return new Map([
    [
      GENERATED_FILES.topics,
      yamlDocuments(
        `Topics: ${KAFKA_LAYOUT.partitions} partitions, ${KAFKA_LAYOUT.replicas} replicas (KAFKA_LAYOUT in kafka-resources.ts).`,
        kafkaTopics(),
      ),
    ],
    [
      GENERATED_FILES.users,
      yamlDocuments('Users and ACLs of the services, the dead-letter tool and the commerce platform (SCRAM-SHA-512).', [
        ...allServices().map((service) =>
          describedUser(
            serviceUser(service),
            `${service.name}: writes what it owns, reads what it consumes as ${consumerGroupOf(service)}`,
          ),
        ),
        describedUser(deadLetterToolUser(), 'scripts/dlt: reads dead letters, replays them onto their original topics'),
        describedUser(commercePlatformUser(), 'the commerce platform: writes the orders and products topics'),
      ]),
    ],
    [
      GENERATED_FILES.singleBrokerTopics,
      yamlDocuments('Patches for a single-broker dev cluster: one replica per topic.', singleBrokerPatches()),
    ],
    [
      GENERATED_FILES.demoPartnerUsers,
      yamlDocuments(
        `The demo 3PL partners of ${DEMO_PARTNERS_FILE}: each writes only its tracking topic and reads only its bookings.`,
        demoPartnerIds(root).map((id) => describedUser(partnerUser(id), `partner ${id}`)),
      ),
    ],
    [
      GENERATED_FILES.demoPartnerGrants,
      yamlDocuments(
        `What registering the demo 3PL partners of ${DEMO_PARTNERS_FILE} grants the services: patches, whole ACL lists.`,
        partnerFamilyProducers().map((service) =>
          describedUser(
            serviceUser(service, demoPartnerIds(root)),
            `${service.name}: writes each demo partner's bookings`,
          ),
        ),
      ),
    ],
  ]);
}
