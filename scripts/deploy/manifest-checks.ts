/**
 * What the schemas cannot say about a rendered overlay, checked against libs/contracts and the
 * services' own configuration: every service is deployed with its probes, limits, locked-down
 * security context, own database role and Secret, migration Job, PodDisruptionBudget and an
 * autoscaler capped at the partition count; every variable set is one the service reads; every
 * service trusts the same OpenID Connect issuer and audience, at an address a pod can reach; every
 * pod logs in to Kafka as its own KafkaUser over TLS, and every KafkaUser carries exactly the ACLs
 * kafka-resources.ts derives from the catalogue; the network policies let each pod reach what it
 * needs; no Secret value is committed; the alerts and dashboards name only metrics the services
 * define (monitoring-checks.ts).
 */
import { posix } from 'node:path';
import { deploymentAccess, partnerKafkaUser } from '@rebound/kafka';
import { ServiceDefinition, TopicRef, allServices, catalogueTopics, isTopicFamily } from '@rebound/contracts';
import {
  KAFKA_LAYOUT,
  KafkaUserResource,
  STRIMZI_SECRET_KEYS,
  serviceUser,
  strimziClusterNames,
} from './kafka-resources';
import { sharedEnvironmentVariables } from '@rebound/service';
import { KubeObject, describeObject } from './manifests';
import { monitoringProblems } from './monitoring-checks';

/** How long a service takes at most to drain after SIGTERM (docs/messaging.md); the grace period must be longer. */
export const DRAIN_SECONDS = 30;

type Labels = Record<string, string>;

interface Probe {
  readonly httpGet?: { readonly path?: string; readonly port?: string | number };
}

interface Container {
  readonly name: string;
  readonly image?: string;
  readonly ports?: readonly { readonly name?: string; readonly containerPort: number }[];
  readonly envFrom?: readonly { readonly configMapRef?: { readonly name: string } }[];
  readonly env?: readonly {
    readonly name: string;
    readonly value?: string;
    readonly valueFrom?: { readonly secretKeyRef?: { readonly name: string; readonly key: string } };
  }[];
  readonly volumeMounts?: readonly { readonly name: string; readonly mountPath: string; readonly subPath?: string }[];
  readonly startupProbe?: Probe;
  readonly livenessProbe?: Probe;
  readonly readinessProbe?: Probe;
  readonly resources?: { readonly requests?: Labels; readonly limits?: Labels };
  readonly securityContext?: {
    readonly allowPrivilegeEscalation?: boolean;
    readonly readOnlyRootFilesystem?: boolean;
    readonly capabilities?: { readonly drop?: readonly string[] };
  };
}

interface PodTemplate {
  readonly metadata?: { readonly labels?: Labels };
  readonly spec: {
    readonly containers: readonly Container[];
    readonly volumes?: readonly {
      readonly name: string;
      readonly secret?: { readonly secretName?: string; readonly items?: readonly { key: string; path: string }[] };
    }[];
    readonly restartPolicy?: string;
    readonly terminationGracePeriodSeconds?: number;
    readonly securityContext?: {
      readonly runAsNonRoot?: boolean;
      readonly seccompProfile?: { readonly type?: string };
    };
  };
}

interface Spec<T> {
  readonly spec: T;
}

type Workload = KubeObject &
  Spec<{
    readonly replicas?: number;
    readonly selector?: { readonly matchLabels?: Labels };
    readonly template: PodTemplate;
  }>;

interface PortRule {
  readonly port?: number | string;
  readonly protocol?: string;
}

type NetworkPolicy = KubeObject &
  Spec<{
    readonly podSelector: { readonly matchLabels?: Labels };
    readonly policyTypes?: readonly string[];
    readonly ingress?: readonly { readonly ports?: readonly PortRule[] }[];
    readonly egress?: readonly { readonly ports?: readonly PortRule[] }[];
  }>;

type ScaledObject = KubeObject &
  Spec<{
    readonly scaleTargetRef: { readonly name: string };
    readonly minReplicaCount?: number;
    readonly maxReplicaCount?: number;
    readonly triggers: readonly {
      readonly type: string;
      readonly metadata?: Labels;
      readonly authenticationRef?: { readonly name: string; readonly kind?: string };
    }[];
  }>;

interface AuthTarget {
  readonly parameter: string;
  readonly name: string;
  readonly key?: string;
  readonly containerName?: string;
}

/** An ACL as Strimzi takes it: the catalogue's never set `type` (allow) or `host` (any). */
type RenderedAcl = KafkaUserResource['spec']['authorization']['acls'][number] & {
  readonly type?: string;
  readonly host?: string;
};

type RenderedKafkaUser = KubeObject &
  Partial<
    Spec<{
      readonly authentication?: { readonly type?: string };
      readonly authorization?: { readonly acls?: RenderedAcl[] };
    }>
  >;

type TriggerAuthentication = KubeObject &
  Spec<{ readonly env?: readonly AuthTarget[]; readonly secretTargetRef?: readonly AuthTarget[] }>;

function selects(selector: Labels | undefined, labels: Labels | undefined): boolean {
  return Object.entries(selector ?? {}).every(([key, value]) => labels?.[key] === value);
}

/**
 * The environment variables a service reads: every service's (ServiceEnvironment, connections
 * included) and its own, as its catalogue entry lists them (which its configuration test holds to its
 * configuration class).
 */
export function variablesRead(service: ServiceDefinition): Set<string> {
  return new Set([...sharedEnvironmentVariables(), ...service.environment]);
}

/** What one rendered overlay holds, looked up by kind and name. */
class Rendered {
  constructor(readonly objects: readonly KubeObject[]) {}

  find<T extends KubeObject>(kind: string, name: string): T | undefined {
    return this.objects.find((object) => object.kind === kind && object.metadata.name === name) as T | undefined;
  }

  all<T extends KubeObject>(kind: string): T[] {
    return this.objects.filter((object) => object.kind === kind) as T[];
  }

  /** The variables a container gets: its ConfigMaps' data (a missing ConfigMap is reported) and its own env. */
  environment(container: Container, problems: string[], owner: string): Map<string, string | undefined> {
    const variables = new Map<string, string | undefined>();
    for (const source of container.envFrom ?? []) {
      if (!source.configMapRef) continue;
      const configMap = this.find<KubeObject & { data?: Labels }>('ConfigMap', source.configMapRef.name);
      if (!configMap)
        problems.push(`${owner}: envFrom names ConfigMap ${source.configMapRef.name}, which is not rendered`);
      for (const [key, value] of Object.entries(configMap?.data ?? {})) variables.set(key, value);
    }
    for (const variable of container.env ?? []) variables.set(variable.name, variable.value);
    return variables;
  }

  /** The TCP/UDP ports the network policies let pods with these labels reach (egress) or be reached on (ingress). */
  allowedPorts(direction: 'Ingress' | 'Egress', labels: Labels): Set<string> {
    const ports = new Set<string>();
    for (const policy of this.all<NetworkPolicy>('NetworkPolicy')) {
      if (!policy.spec.policyTypes?.includes(direction) || !selects(policy.spec.podSelector.matchLabels, labels))
        continue;
      const rules = direction === 'Egress' ? policy.spec.egress : policy.spec.ingress;
      for (const rule of rules ?? []) {
        for (const port of rule.ports ?? []) ports.add(`${port.port}/${port.protocol ?? 'TCP'}`);
      }
    }
    return ports;
  }
}

function podSecurityProblems(owner: string, template: PodTemplate): string[] {
  const problems: string[] = [];
  const pod = template.spec.securityContext;
  if (pod?.runAsNonRoot !== true) problems.push(`${owner}: pod securityContext.runAsNonRoot must be true`);
  if (pod?.seccompProfile?.type !== 'RuntimeDefault')
    problems.push(`${owner}: pod seccompProfile must be RuntimeDefault`);
  for (const container of template.spec.containers) {
    const context = container.securityContext;
    const where = `${owner} container ${container.name}`;
    if (context?.allowPrivilegeEscalation !== false) problems.push(`${where}: allowPrivilegeEscalation must be false`);
    if (context?.readOnlyRootFilesystem !== true) problems.push(`${where}: readOnlyRootFilesystem must be true`);
    if (!context?.capabilities?.drop?.includes('ALL')) problems.push(`${where}: capabilities must drop ALL`);
    for (const kind of ['requests', 'limits'] as const) {
      for (const resource of ['cpu', 'memory']) {
        if (!container.resources?.[kind]?.[resource])
          problems.push(`${where}: resources.${kind}.${resource} is not set`);
      }
    }
  }
  return problems;
}

/** The database password comes from the service's own Secret, and no variable carries a secret literally. */
function secretProblems(owner: string, service: ServiceDefinition, container: Container): string[] {
  const problems: string[] = [];
  const password = container.env?.find((variable) => variable.name === 'REBOUND_DB_PASSWORD');
  const ref = password?.valueFrom?.secretKeyRef;
  if (ref?.name !== `rebound-db-${service.name}` || ref.key !== 'password') {
    problems.push(`${owner}: REBOUND_DB_PASSWORD must come from Secret rebound-db-${service.name}, key password`);
  }
  for (const variable of container.env ?? []) {
    if (/PASSWORD|SECRET|TOKEN|DATABASE_URL/.test(variable.name) && variable.value !== undefined) {
      problems.push(`${owner}: ${variable.name} is set literally; take it from a Secret`);
    }
  }
  return problems;
}

/** `host:port` entries of KAFKA_BROKERS, as [host, port]. */
function brokerAddresses(environment: Map<string, string | undefined>): [string, string][] {
  return (environment.get('KAFKA_BROKERS') ?? '')
    .split(',')
    .map((broker) => broker.trim())
    .filter(Boolean)
    .map((broker) => [broker.slice(0, broker.lastIndexOf(':')), broker.slice(broker.lastIndexOf(':') + 1)]);
}

/** The Secret key a file in the pod holds, when a volume of that Secret is mounted there. */
function secretFileSource(
  template: PodTemplate,
  container: Container,
  file: string,
): { secretName?: string; key: string } | undefined {
  for (const mount of container.volumeMounts ?? []) {
    const relative = mount.subPath ?? posix.relative(mount.mountPath, file);
    if (mount.subPath ? mount.mountPath !== file : relative.startsWith('..') || relative === '') continue;
    const secret = template.spec.volumes?.find((volume) => volume.name === mount.name)?.secret;
    if (!secret) continue;
    const key = secret.items ? secret.items.find((item) => item.path === relative)?.key : relative;
    return key === undefined ? undefined : { secretName: secret.secretName, key };
  }
  return undefined;
}

/**
 * A pod's Kafka client (libs/messaging's kafkaConnection): SCRAM-SHA-512 as the service's own KafkaUser,
 * the password from the Secret Strimzi's User Operator creates for that user, TLS verified against the
 * cluster CA mounted from Strimzi's Secret, and the brokers at the TLS listener of the bootstrap Service.
 */
function kafkaClientProblems(
  owner: string,
  service: ServiceDefinition,
  template: PodTemplate,
  container: Container,
  environment: Map<string, string | undefined>,
  cluster: string,
): string[] {
  const problems: string[] = [];
  const user = serviceUser(service).metadata.name;
  const { bootstrapService, clusterCaSecret } = strimziClusterNames(cluster);
  if (environment.get('KAFKA_SASL_MECHANISM') !== 'scram-sha-512')
    problems.push(`${owner}: KAFKA_SASL_MECHANISM must be scram-sha-512`);
  if (environment.get('KAFKA_USERNAME') !== user)
    problems.push(`${owner}: KAFKA_USERNAME must be ${user}, the service's own KafkaUser`);
  const password = container.env?.find((variable) => variable.name === 'KAFKA_PASSWORD')?.valueFrom?.secretKeyRef;
  if (password?.name !== user || password.key !== STRIMZI_SECRET_KEYS.userPassword) {
    problems.push(`${owner}: KAFKA_PASSWORD must come from Secret ${user}, key ${STRIMZI_SECRET_KEYS.userPassword}`);
  }
  const caFile = environment.get('KAFKA_TLS_CA_FILE');
  const ca = caFile ? secretFileSource(template, container, caFile) : undefined;
  if (
    environment.get('KAFKA_TLS') === 'false' ||
    ca?.secretName !== clusterCaSecret ||
    ca.key !== STRIMZI_SECRET_KEYS.clusterCa
  ) {
    problems.push(
      `${owner}: KAFKA_TLS_CA_FILE must name a file mounted from Secret ${clusterCaSecret}, key ${STRIMZI_SECRET_KEYS.clusterCa}`,
    );
  }
  const brokers = brokerAddresses(environment);
  const listener = `${bootstrapService}[.<namespace>.svc]:${KAFKA_LAYOUT.tlsListenerPort}`;
  if (
    brokers.length === 0 ||
    brokers.some(
      ([host, port]) =>
        !(host === bootstrapService || host.startsWith(`${bootstrapService}.`)) ||
        port !== String(KAFKA_LAYOUT.tlsListenerPort),
    )
  ) {
    problems.push(`${owner}: KAFKA_BROKERS must be the TLS listener ${listener}`);
  }
  return problems;
}

function probePath(probe: Probe | undefined): string | undefined {
  return probe?.httpGet?.port === 'http' ? probe.httpGet.path : undefined;
}

function partitionsOf(
  rendered: Rendered,
  ref: TopicRef,
  environment: Map<string, string | undefined>,
): number | undefined {
  if (isTopicFamily(ref)) return Number(environment.get('KAFKA_TOPIC_PARTITIONS')) || undefined;
  return rendered
    .all<KubeObject & Spec<{ topicName?: string; partitions?: number }>>('KafkaTopic')
    .find((topic) => (topic.spec.topicName ?? topic.metadata.name) === ref.name)?.spec.partitions;
}

function serviceProblems(rendered: Rendered, service: ServiceDefinition, cluster: string): string[] {
  const deployment = rendered.find<Workload>('Deployment', service.name);
  if (!deployment) return [`Deployment/${service.name} is missing`];
  const owner = describeObject(deployment);
  const template = deployment.spec.template;
  const labels = template.metadata?.labels ?? {};
  const container = template.spec.containers.find((candidate) => candidate.name === service.name);
  if (!container) return [`${owner}: no container named ${service.name}`];
  const problems = [...podSecurityProblems(owner, template), ...secretProblems(owner, service, container)];
  const environment = rendered.environment(container, problems, owner);
  problems.push(...kafkaClientProblems(owner, service, template, container, environment, cluster));

  if (!selects(deployment.spec.selector?.matchLabels, labels))
    problems.push(`${owner}: selector does not match its pods`);
  if (deployment.spec.replicas !== undefined) problems.push(`${owner}: sets replicas, which its ScaledObject owns`);
  if (!new RegExp(`(^|/)rebound/${service.name}:[^:/]+$`).test(container.image ?? '')) {
    problems.push(`${owner}: image ${container.image} is not a tagged rebound/${service.name}`);
  }
  if ((template.spec.terminationGracePeriodSeconds ?? 30) <= DRAIN_SECONDS) {
    problems.push(`${owner}: terminationGracePeriodSeconds must exceed the ${DRAIN_SECONDS} s drain`);
  }
  if (probePath(container.readinessProbe) !== '/health/ready')
    problems.push(`${owner}: readiness must be GET /health/ready on http`);
  if (probePath(container.livenessProbe) !== '/health/live')
    problems.push(`${owner}: liveness must be GET /health/live on http (never Kafka)`);
  if (container.startupProbe && probePath(container.startupProbe) !== '/health/live') {
    problems.push(`${owner}: the startup probe must be GET /health/live on http`);
  }
  const httpPort = container.ports?.find((port) => port.name === 'http')?.containerPort;
  if (String(httpPort) !== environment.get('HTTP_PORT')) {
    problems.push(
      `${owner}: containerPort http (${httpPort}) differs from HTTP_PORT (${environment.get('HTTP_PORT')})`,
    );
  }
  if (environment.get('MIGRATE_ON_START') !== 'false')
    problems.push(`${owner}: MIGRATE_ON_START must be false (the Job migrates)`);
  problems.push(...issuerProblems(owner, environment));
  const read = variablesRead(service);
  for (const name of environment.keys()) {
    if (!read.has(name)) problems.push(`${owner}: sets ${name}, which ${service.name} never reads`);
  }
  for (const [name, value] of environment) {
    // With its own key set address, the issuer is only the name tokens carry: nothing fetches it.
    if (name === 'OIDC_ISSUER' && environment.get('OIDC_JWKS_URL')) continue;
    const url = /^https?:\/\//.test(value ?? '') ? new URL(value as string) : undefined;
    const port = url && (url.port || (url.protocol === 'https:' ? '443' : '80'));
    if (port && !rendered.allowedPorts('Egress', labels).has(`${port}/TCP`)) {
      problems.push(`${owner}: ${name} points at port ${port}, which no NetworkPolicy lets it reach`);
    }
  }
  const kafkaPorts = brokerAddresses(environment).map(([, port]) => `${port}/TCP`);
  for (const needed of new Set(['53/UDP', '5432/TCP', ...kafkaPorts])) {
    if (!rendered.allowedPorts('Egress', labels).has(needed))
      problems.push(`${owner}: no NetworkPolicy allows egress to ${needed}`);
  }
  if (!rendered.allowedPorts('Ingress', labels).has('http/TCP'))
    problems.push(`${owner}: no NetworkPolicy allows ingress to http`);

  problems.push(...serviceObjectProblems(rendered, service, labels));
  problems.push(...scalingProblems(rendered, service, labels, environment, cluster));
  problems.push(...migrationProblems(rendered, service, container, cluster));
  return problems;
}

/**
 * Unset, OIDC_ISSUER and OIDC_AUDIENCE fall back to the local stack's Keycloak, which no pod reaches:
 * every call would then be refused.
 */
function issuerProblems(owner: string, environment: Map<string, string | undefined>): string[] {
  const problems: string[] = [];
  for (const name of ['OIDC_ISSUER', 'OIDC_AUDIENCE']) {
    if (!environment.get(name)) problems.push(`${owner}: ${name} is not set (docs/deploy.md#access)`);
  }
  for (const name of ['OIDC_ISSUER', 'OIDC_JWKS_URL']) {
    const value = environment.get(name);
    if (value === undefined) continue;
    const url = URL.canParse(value) ? new URL(value) : undefined;
    if (!url || !/^https?:$/.test(url.protocol)) problems.push(`${owner}: ${name} "${value}" is not an http(s) URL`);
    else if (['localhost', '127.0.0.1', '[::1]'].includes(url.hostname))
      problems.push(`${owner}: ${name} ${value} is the pod itself, not the issuer`);
  }
  return problems;
}

function serviceObjectProblems(rendered: Rendered, service: ServiceDefinition, labels: Labels): string[] {
  const svc = rendered.find<KubeObject & Spec<{ selector?: Labels; ports?: readonly { targetPort?: string }[] }>>(
    'Service',
    service.name,
  );
  if (!svc) return [`Service/${service.name} is missing`];
  const problems: string[] = [];
  if (!svc.spec.selector || !selects(svc.spec.selector, labels))
    problems.push(`${describeObject(svc)}: selector does not match the pods`);
  if (!svc.spec.ports?.some((port) => port.targetPort === 'http'))
    problems.push(`${describeObject(svc)}: no port targets http`);
  return problems;
}

function scalingProblems(
  rendered: Rendered,
  service: ServiceDefinition,
  labels: Labels,
  environment: Map<string, string | undefined>,
  cluster: string,
): string[] {
  const scaler = rendered.find<ScaledObject>('ScaledObject', service.name);
  const budget = rendered.find<
    KubeObject &
      Spec<{ minAvailable?: number | string; maxUnavailable?: number | string; selector?: { matchLabels?: Labels } }>
  >('PodDisruptionBudget', service.name);
  if (!scaler || !budget) return [`ScaledObject/${service.name} or PodDisruptionBudget/${service.name} is missing`];
  const problems: string[] = [];
  const [owner, min, max] = [
    describeObject(scaler),
    scaler.spec.minReplicaCount ?? 0,
    scaler.spec.maxReplicaCount ?? 100,
  ];
  if (scaler.spec.scaleTargetRef.name !== service.name)
    problems.push(`${owner}: scales ${scaler.spec.scaleTargetRef.name}`);
  if (min < 1 || min > max) problems.push(`${owner}: needs 1 <= minReplicaCount (${min}) <= maxReplicaCount (${max})`);
  const trigger = scaler.spec.triggers.find((candidate) => candidate.type === 'kafka');
  const kafka = trigger?.metadata;
  if (kafka?.['consumerGroup'] !== `${service.name}.main`)
    problems.push(`${owner}: the kafka trigger must watch group ${service.name}.main`);
  problems.push(...scalerLoginProblems(rendered, owner, service, trigger, cluster));
  const brokersFrom = kafka?.['bootstrapServersFromEnv'];
  if (!kafka?.['bootstrapServers'] && !(brokersFrom && environment.get(brokersFrom))) {
    problems.push(`${owner}: bootstrapServersFromEnv names ${brokersFrom}, which the container does not have`);
  }
  for (const ref of service.consumes) {
    const partitions = partitionsOf(rendered, ref, environment);
    const name = isTopicFamily(ref) ? `partners.<id>.${ref.kind}.v1` : ref.name;
    if (partitions === undefined) problems.push(`${owner}: no partition count for ${name}`);
    else if (max > partitions)
      problems.push(`${owner}: maxReplicaCount ${max} exceeds the ${partitions} partitions of ${name}`);
  }
  const minAvailable = budget.spec.minAvailable;
  if ((minAvailable === undefined) === (budget.spec.maxUnavailable === undefined)) {
    problems.push(`${describeObject(budget)}: set exactly one of minAvailable and maxUnavailable`);
  }
  if (typeof minAvailable === 'number' && minAvailable > 0 && minAvailable >= min) {
    problems.push(`${describeObject(budget)}: minAvailable ${minAvailable} leaves no pod of ${min} evictable`);
  }
  if (!selects(budget.spec.selector?.matchLabels, labels))
    problems.push(`${describeObject(budget)}: selector does not match the pods`);
  return problems;
}

/** KEDA reads the group's lag as the service's own KafkaUser, over TLS verified against the cluster CA. */
function scalerLoginProblems(
  rendered: Rendered,
  owner: string,
  service: ServiceDefinition,
  trigger: ScaledObject['spec']['triggers'][number] | undefined,
  cluster: string,
): string[] {
  const problems: string[] = [];
  if (trigger?.metadata?.['sasl'] !== 'scram_sha512' || trigger.metadata['tls'] !== 'enable')
    problems.push(`${owner}: the kafka trigger must set sasl: scram_sha512 and tls: enable`);
  const ref = trigger?.authenticationRef;
  const login =
    ref && (ref.kind ?? 'TriggerAuthentication') === 'TriggerAuthentication'
      ? rendered.find<TriggerAuthentication>('TriggerAuthentication', ref.name)
      : undefined;
  if (!login) return [...problems, `${owner}: the kafka trigger names no TriggerAuthentication of this overlay`];
  const where = describeObject(login);
  const user = serviceUser(service).metadata.name;
  const { clusterCaSecret } = strimziClusterNames(cluster);
  const fromSecret = (parameter: string) =>
    login.spec.secretTargetRef?.find((target) => target.parameter === parameter);
  const username = login.spec.env?.find((target) => target.parameter === 'username');
  if (username?.name !== 'KAFKA_USERNAME' || username.containerName !== service.name)
    problems.push(`${where}: username must be KAFKA_USERNAME of container ${service.name}`);
  const password = fromSecret('password');
  if (password?.name !== user || password.key !== STRIMZI_SECRET_KEYS.userPassword)
    problems.push(`${where}: password must come from Secret ${user}, key ${STRIMZI_SECRET_KEYS.userPassword}`);
  const ca = fromSecret('ca');
  if (ca?.name !== clusterCaSecret || ca.key !== STRIMZI_SECRET_KEYS.clusterCa)
    problems.push(`${where}: ca must come from Secret ${clusterCaSecret}, key ${STRIMZI_SECRET_KEYS.clusterCa}`);
  return problems;
}

/** One line per ACL, `topic literal returns.return.v1: Describe,Read`, sorted: two users compare as lists. */
function aclLines(acls: readonly RenderedAcl[] | undefined): string[] {
  return (acls ?? [])
    .map(({ resource, operations, type = 'allow', host = '*' }) =>
      [
        `${resource.type} ${resource.patternType ?? 'literal'} ${resource.name}: ${[...operations].sort().join(',')}`,
        type === 'allow' ? '' : ` (${type})`,
        host === '*' ? '' : ` from ${host}`,
      ].join(''),
    )
    .sort();
}

/**
 * Every KafkaUser is one the catalogue defines — a service's, the dead-letter tool's, the commerce
 * platform's or a partner's (`partner-<id>`) — with SCRAM-SHA-512 and exactly the ACLs
 * libs/messaging's access catalogue gives it in a deployment with the overlay's partners (so
 * pickup-scheduling may write those partners' bookings), and every user but the partners' is there.
 * A hand edit of an ACL in an overlay fails here.
 */
function kafkaUserProblems(rendered: Rendered): string[] {
  const problems: string[] = [];
  const users = rendered.all<RenderedKafkaUser>('KafkaUser');
  const partnerIds: string[] = [];
  for (const user of users) {
    const partner = /^partner-(.+)$/.exec(user.metadata.name)?.[1];
    if (partner === undefined) continue;
    try {
      partnerKafkaUser(partner);
      partnerIds.push(partner);
    } catch (error) {
      problems.push(`${describeObject(user)}: ${(error as Error).message}`);
    }
  }
  const expected = new Map(deploymentAccess(partnerIds).map((access) => [access.user, access.acls]));
  for (const name of expected.keys()) {
    if (!rendered.find('KafkaUser', name)) problems.push(`KafkaUser/${name} is missing`);
  }
  for (const user of users) {
    const owner = describeObject(user);
    const wanted = expected.get(user.metadata.name);
    if (!wanted) {
      if (!/^partner-/.test(user.metadata.name))
        problems.push(`${owner}: not a user of the catalogue (a service's, the tools', or partner-<id>)`);
      continue;
    }
    if (user.spec?.authentication?.type !== 'scram-sha-512')
      problems.push(`${owner}: authentication must be scram-sha-512`);
    const [actual, catalogue] = [aclLines(user.spec?.authorization?.acls), aclLines(wanted)];
    for (const line of actual.filter((acl) => !catalogue.includes(acl)))
      problems.push(`${owner}: ACL ${line} is not the catalogue's (libs/messaging's kafka-access.ts)`);
    for (const line of catalogue.filter((acl) => !actual.includes(acl)))
      problems.push(`${owner}: lacks the catalogue's ACL ${line}`);
  }
  return problems;
}

function migrationProblems(
  rendered: Rendered,
  service: ServiceDefinition,
  serviceContainer: Container,
  cluster: string,
): string[] {
  const job = rendered.find<Workload>('Job', `${service.name}-migrate`);
  if (!job) return [`Job/${service.name}-migrate is missing`];
  const owner = describeObject(job);
  const [container] = job.spec.template.spec.containers;
  const labels = job.spec.template.metadata?.labels ?? {};
  const problems = [...podSecurityProblems(owner, job.spec.template), ...secretProblems(owner, service, container)];
  // The migrate CLI loads the service's configuration, Kafka connection included, though it never connects.
  const environment = rendered.environment(container, problems, owner);
  problems.push(...kafkaClientProblems(owner, service, job.spec.template, container, environment, cluster));
  if (container.image !== serviceContainer.image) {
    problems.push(`${owner}: image ${container.image} differs from the service's, ${serviceContainer.image}`);
  }
  if (job.spec.template.spec.restartPolicy !== 'Never')
    problems.push(`${owner}: restartPolicy must be Never (the Job retries)`);
  const configMaps = (c: Container) => JSON.stringify((c.envFrom ?? []).map((source) => source.configMapRef?.name));
  if (configMaps(container) !== configMaps(serviceContainer))
    problems.push(`${owner}: must read the same ConfigMaps as the service`);
  for (const needed of ['53/UDP', '5432/TCP']) {
    if (!rendered.allowedPorts('Egress', labels).has(needed))
      problems.push(`${owner}: no NetworkPolicy allows egress to ${needed}`);
  }
  for (const [, port] of brokerAddresses(environment)) {
    if (rendered.allowedPorts('Egress', labels).has(`${port}/TCP`))
      problems.push(`${owner}: may reach Kafka (port ${port}), which migrations never need`);
  }
  return problems;
}

function clusterProblems(rendered: Rendered, expectedCluster: string): string[] {
  const problems: string[] = [];
  for (const secret of rendered.all('Secret'))
    problems.push(`${describeObject(secret)}: Secrets are created in the cluster, never committed`);
  const trusted = new Set(
    allServices().flatMap((service) => {
      const container = rendered
        .find<Workload>('Deployment', service.name)
        ?.spec.template.spec.containers.find((candidate) => candidate.name === service.name);
      if (!container) return [];
      const environment = rendered.environment(container, [], '');
      return [`${environment.get('OIDC_ISSUER')} for ${environment.get('OIDC_AUDIENCE')}`];
    }),
  );
  if (trusted.size > 1)
    problems.push(`the services trust different token issuers or audiences: ${[...trusted].join('; ')}`);
  const namespaces = new Set(rendered.objects.map((object) => object.metadata.namespace));
  if (namespaces.size !== 1 || namespaces.has(undefined))
    problems.push(`objects span namespaces ${[...namespaces].join(', ')}`);
  const denyAll = rendered
    .all<NetworkPolicy>('NetworkPolicy')
    .some(
      (policy) =>
        Object.keys(policy.spec.podSelector.matchLabels ?? {}).length === 0 &&
        ['Ingress', 'Egress'].every((type) => policy.spec.policyTypes?.includes(type)) &&
        !policy.spec.ingress &&
        !policy.spec.egress,
    );
  if (!denyAll) problems.push('no NetworkPolicy denies all ingress and egress by default');
  const topics = rendered.all<KubeObject & Spec<{ topicName?: string; partitions?: number }>>('KafkaTopic');
  const names = topics.map((topic) => topic.spec.topicName ?? topic.metadata.name).sort();
  const catalogue = catalogueTopics()
    .map((topic) => topic.name)
    .sort();
  if (JSON.stringify(names) !== JSON.stringify(catalogue))
    problems.push(`KafkaTopics ${names.join(', ')} differ from the catalogue`);
  for (const object of [...topics, ...rendered.all('KafkaUser')]) {
    if (object.metadata.labels?.['strimzi.io/cluster'] !== expectedCluster) {
      problems.push(`${describeObject(object)}: label strimzi.io/cluster must be ${expectedCluster}`);
    }
  }
  const partnerPartitions = rendered
    .all<Workload>('Deployment')
    .flatMap((deployment) => deployment.spec.template.spec.containers)
    .map((container) => rendered.environment(container, [], '').get('KAFKA_TOPIC_PARTITIONS'))
    .filter((value): value is string => value !== undefined);
  const topicPartitions = [...new Set(topics.map((topic) => topic.spec.partitions))];
  for (const value of partnerPartitions) {
    if (topicPartitions.some((partitions) => partitions !== Number(value))) {
      problems.push(
        `KAFKA_TOPIC_PARTITIONS=${value} (partner topics) differs from the KafkaTopics' ${topicPartitions.join(', ')}`,
      );
    }
  }
  return problems;
}

/** Every problem of one rendered overlay, one line each; none means it is deployable as far as we can tell offline. */
export function deploymentProblems(objects: readonly KubeObject[], expectedCluster: string): string[] {
  const rendered = new Rendered(objects);
  return [
    ...clusterProblems(rendered, expectedCluster),
    ...kafkaUserProblems(rendered),
    ...allServices().flatMap((service) => serviceProblems(rendered, service, expectedCluster)),
    ...monitoringProblems(objects),
  ];
}
