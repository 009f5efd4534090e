import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { parse, stringify } from 'yaml';
import { allServices, catalogueTopics } from '@rebound/contracts';
import { deploymentProblems } from './manifest-checks';
import { metricNames } from './monitoring-checks';
import { KAFKA_LAYOUT, KafkaUserResource, partnerUser, serviceUser } from './kafka-resources';
import {
  KubeObject,
  OVERLAYS,
  REPO_ROOT,
  kubectlVersion,
  overlayDir,
  renderKustomization,
  schemaProblems,
} from './manifests';

describe(`Kubernetes manifests, rendered with ${kubectlVersion()}`, () => {
  describe.each(OVERLAYS)('the %s overlay', (overlay) => {
    let objects: KubeObject[];

    beforeAll(() => {
      objects = renderKustomization(overlayDir(overlay));
    });

    it('renders every service with its migration, the topics, the users, the network policies, the alerts and the dashboard', () => {
      const count = (kind: string) => objects.filter((object) => object.kind === kind).length;
      expect([
        count('Deployment'),
        count('Service'),
        count('PodDisruptionBudget'),
        count('ScaledObject'),
        count('Job'),
      ]).toEqual(Array(5).fill(allServices().length));
      expect(count('KafkaTopic')).toBe(catalogueTopics().length);
      expect(count('KafkaUser')).toBeGreaterThanOrEqual(6);
      expect(count('NetworkPolicy')).toBeGreaterThanOrEqual(1);
      expect(count('PrometheusRule')).toBe(1);
      expect(objects.filter((object) => object.metadata.labels?.['grafana_dashboard'] === '1')).toHaveLength(1);
    });

    it('validates every object against the Kubernetes, Strimzi, KEDA and Prometheus Operator schemas', () => {
      expect(schemaProblems(objects)).toEqual([]);
    });

    it('deploys every service with its probes, limits, security, secrets, token issuer, autoscaling cap and network access', () => {
      expect(deploymentProblems(objects, KAFKA_LAYOUT.cluster)).toEqual([]);
    });
  });

  it('tags the base images with the version in package.json', () => {
    const { version } = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };
    const base = parse(readFileSync(join(REPO_ROOT, 'k8s/base/kustomization.yaml'), 'utf8')) as {
      images: { name: string; newTag: string }[];
    };
    expect(base.images.map((image) => `${image.name}:${image.newTag}`)).toEqual(
      allServices().map((service) => `rebound/${service.name}:${version}`),
    );
  });

  describe('an overlay patched on top of prod', () => {
    let dir: string;

    /** The prod overlay with these strategic-merge patches (and kustomization fields) on top, rendered like a real one. */
    function renderProdWith(patches: string, kustomization = ''): KubeObject[] {
      writeFileSync(
        join(dir, 'kustomization.yaml'),
        `bases:\n  - ${relative(dir, overlayDir('prod'))}\npatchesStrategicMerge:\n  - patches.yaml\n${kustomization}`,
      );
      writeFileSync(join(dir, 'patches.yaml'), patches);
      return renderKustomization(dir);
    }

    beforeEach(() => {
      dir = mkdtempSync(join(tmpdir(), 'rebound-k8s-'));
    });

    afterEach(() => {
      rmSync(dir, { recursive: true, force: true });
    });

    it('fails schema validation on a wrong field type, naming the object and the field', () => {
      const objects = renderProdWith(
        [
          'apiVersion: apps/v1',
          'kind: Deployment',
          'metadata: {name: refunds}',
          'spec: {replicas: "two"}',
          '---',
          'apiVersion: keda.sh/v1alpha1',
          'kind: ScaledObject',
          'metadata: {name: inventory}',
          'spec: {maxReplicaCount: "two"}',
          '',
        ].join('\n'),
      );

      const problems = schemaProblems(objects);

      expect(problems).toEqual([
        'Deployment/refunds: spec.replicas must be integer',
        'ScaledObject/inventory: spec.maxReplicaCount must be integer',
      ]);
    });

    it('fails the deployment checks on an autoscaler above the partition count and a liveness probe tied to readiness', () => {
      const objects = renderProdWith(
        [
          'apiVersion: keda.sh/v1alpha1',
          'kind: ScaledObject',
          'metadata: {name: refunds}',
          'spec: {maxReplicaCount: 12}',
          '---',
          'apiVersion: apps/v1',
          'kind: Deployment',
          'metadata: {name: inventory}',
          'spec:',
          '  template:',
          '    spec:',
          '      containers:',
          '        - name: inventory',
          '          livenessProbe: {httpGet: {path: /health/ready}}',
          '',
        ].join('\n'),
      );

      expect(schemaProblems(objects)).toEqual([]);
      expect(deploymentProblems(objects, KAFKA_LAYOUT.cluster)).toEqual([
        'Deployment/inventory: liveness must be GET /health/live on http (never Kafka)',
        'ScaledObject/refunds: maxReplicaCount 12 exceeds the 6 partitions of commerce.order.v1',
        'ScaledObject/refunds: maxReplicaCount 12 exceeds the 6 partitions of returns.return.v1',
        'ScaledObject/refunds: maxReplicaCount 12 exceeds the 6 partitions of pickups.pickup.v1',
        'ScaledObject/refunds: maxReplicaCount 12 exceeds the 6 partitions of warehouse.inspection.v1',
      ]);
    });

    it('fails the Kafka checks on a service logging in as another service, with its password in clear and no CA', () => {
      const objects = renderProdWith(
        [
          'apiVersion: apps/v1',
          'kind: Deployment',
          'metadata: {name: refunds}',
          'spec:',
          '  template:',
          '    spec:',
          '      containers:',
          '        - name: refunds',
          '          env:',
          '            - {name: KAFKA_USERNAME, value: rebound-inventory}',
          '            - {name: KAFKA_PASSWORD, valueFrom: {secretKeyRef: {name: rebound-inventory, key: password}}}',
          '            - {name: KAFKA_TLS_CA_FILE, value: /tmp/ca.crt}',
          '            - {name: KAFKA_SASL_MECHANISM, value: plain}',
          '',
        ].join('\n'),
      );

      expect(schemaProblems(objects)).toEqual([]);
      expect(deploymentProblems(objects, KAFKA_LAYOUT.cluster)).toEqual([
        'Deployment/refunds: KAFKA_SASL_MECHANISM must be scram-sha-512',
        "Deployment/refunds: KAFKA_USERNAME must be rebound-refunds, the service's own KafkaUser",
        'Deployment/refunds: KAFKA_PASSWORD must come from Secret rebound-refunds, key password',
        'Deployment/refunds: KAFKA_TLS_CA_FILE must name a file mounted from Secret rebound-cluster-ca-cert, key ca.crt',
      ]);
    });

    it('fails the Kafka checks on KafkaUsers given an ACL the catalogue does not, a service’s or a partner’s', () => {
      /** The user as kafka-resources.ts makes it, with one ACL more. */
      const withExtraAcl = (
        user: KafkaUserResource,
        acl: KafkaUserResource['spec']['authorization']['acls'][number],
      ): KafkaUserResource => ({
        ...user,
        spec: {
          ...user.spec,
          authorization: { ...user.spec.authorization, acls: [...user.spec.authorization.acls, acl] },
        },
      });
      const warehouseQc = allServices().find((service) => service.name === 'warehouse-qc');
      if (!warehouseQc) throw new Error('no warehouse-qc in the catalogue');
      writeFileSync(
        join(dir, 'partner-acme-logistics.yaml'),
        stringify(
          withExtraAcl(partnerUser('acme-logistics'), {
            resource: { type: 'topic', name: 'returns.return.v1', patternType: 'literal' },
            operations: ['Read'],
          }),
        ),
      );
      const objects = renderProdWith(
        stringify(
          withExtraAcl(serviceUser(warehouseQc), {
            resource: { type: 'topic', name: 'refunds.refund.v1', patternType: 'literal' },
            operations: ['Write'],
          }),
        ),
        'namespace: rebound\nresources:\n  - partner-acme-logistics.yaml\n',
      );

      expect(schemaProblems(objects)).toEqual([]);
      expect(deploymentProblems(objects, KAFKA_LAYOUT.cluster)).toEqual([
        "KafkaUser/partner-acme-logistics: ACL topic literal returns.return.v1: Read is not the catalogue's (libs/messaging's kafka-access.ts)",
        // A partner's registration grants pickup-scheduling its bookings topic, which this overlay forgot.
        "KafkaUser/rebound-pickup-scheduling: lacks the catalogue's ACL topic literal partners.acme-logistics.bookings.v1: Describe,Write",
        "KafkaUser/rebound-warehouse-qc: ACL topic literal refunds.refund.v1: Write is not the catalogue's (libs/messaging's kafka-access.ts)",
      ]);
    });

    it('fails on an alert naming a metric no service defines, without severity or runbook, and a dashboard panel naming one', () => {
      const objects = renderProdWith(
        [
          'apiVersion: monitoring.coreos.com/v1',
          'kind: PrometheusRule',
          'metadata: {name: rebound}',
          'spec:',
          '  groups:',
          '    - name: rebound.messaging',
          '      rules:',
          '        - alert: ReboundConsumerLagHigh',
          '          expr: max without (instance, pod) (rebound_consumer_lag_messages) > 5000',
          '          labels: {severity: page}',
          '          annotations: {summary: behind, description: behind, runbook_url: docs/operations.md#lag}',
          '        - alert: ReboundDeadLetters',
          '          expr: increase(rebound_consumer_events_total{outcome="dead_lettered"}[15m]) > 0',
          '          for: 5 minutes',
          '',
        ].join('\n'),
        [
          'configMapGenerator:',
          '  - name: rebound-dashboard',
          '    behavior: replace',
          '    literals:',
          '      - \'broken.json={"uid": "x", "title": "x", "panels": [{"title": "Lag", "targets": [{"expr": "rebound_lag"}]}]}\'',
          '',
        ].join('\n'),
      );

      expect(schemaProblems(objects)).toEqual([
        'PrometheusRule/rebound: spec.groups[0].rules[1].for must match pattern ' +
          '"^(0|(([0-9]+)y)?(([0-9]+)w)?(([0-9]+)d)?(([0-9]+)h)?(([0-9]+)m)?(([0-9]+)s)?(([0-9]+)ms)?)$"',
      ]);
      expect(deploymentProblems(objects, KAFKA_LAYOUT.cluster)).toEqual([
        'PrometheusRule/rebound alert ReboundConsumerLagHigh: names rebound_consumer_lag_messages, which no service defines',
        'PrometheusRule/rebound alert ReboundConsumerLagHigh: label severity must be one of critical, warning, info',
        'PrometheusRule/rebound alert ReboundConsumerLagHigh: runbook_url "docs/operations.md#lag" is not a section of docs/operations.md',
        'PrometheusRule/rebound alert ReboundDeadLetters: label severity must be one of critical, warning, info',
        'PrometheusRule/rebound alert ReboundDeadLetters: annotation summary is missing',
        'PrometheusRule/rebound alert ReboundDeadLetters: annotation description is missing',
        'PrometheusRule/rebound alert ReboundDeadLetters: runbook_url "" is not a section of docs/operations.md',
        'ConfigMap/rebound-dashboard broken.json: panel "Lag" names rebound_lag, which no service defines',
      ]);
    });

    it('accepts an issuer inside the cluster whose keys the pods fetch from its Service (docs/deploy.md#access)', () => {
      const objects = renderProdWith(
        [
          'apiVersion: networking.k8s.io/v1',
          'kind: NetworkPolicy',
          'metadata: {name: allow-oidc-issuer-egress}',
          'spec:',
          '  egress:',
          '    - to: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: keycloak}}}]',
          '      ports: [{port: 8080, protocol: TCP}]',
          '',
        ].join('\n'),
        [
          'configMapGenerator:',
          '  - name: rebound-platform',
          '    behavior: merge',
          '    literals:',
          '      - OIDC_JWKS_URL=http://keycloak.keycloak.svc:8080/realms/rebound/protocol/openid-connect/certs',
          '',
        ].join('\n'),
      );

      expect(schemaProblems(objects)).toEqual([]);
      expect(deploymentProblems(objects, KAFKA_LAYOUT.cluster)).toEqual([]);
    });

    it('fails the deployment checks on a service that trusts another issuer, one its pod cannot reach', () => {
      const objects = renderProdWith(
        [
          'apiVersion: apps/v1',
          'kind: Deployment',
          'metadata: {name: inventory}',
          'spec:',
          '  template:',
          '    spec:',
          '      containers:',
          '        - name: inventory',
          '          env: [{name: OIDC_ISSUER, value: "http://127.0.0.1:8180/realms/rebound"}]',
          '',
        ].join('\n'),
      );

      expect(deploymentProblems(objects, KAFKA_LAYOUT.cluster)).toEqual([
        'the services trust different token issuers or audiences: ' +
          'https://sso.example.com/realms/rebound for rebound-api; http://127.0.0.1:8180/realms/rebound for rebound-api',
        'Deployment/inventory: OIDC_ISSUER http://127.0.0.1:8180/realms/rebound is the pod itself, not the issuer',
        'Deployment/inventory: OIDC_ISSUER points at port 8180, which no NetworkPolicy lets it reach',
      ]);
    });
  });

  it('reads the metric names out of PromQL, leaving out functions, labels, ranges, keywords and numbers', () => {
    expect(
      metricNames(
        'histogram_quantile(0.95, sum by (le, route) (rate(rebound_http_request_duration_seconds_bucket[5m]))) > 1e3',
      ),
    ).toEqual(['rebound_http_request_duration_seconds_bucket']);
    expect(
      metricNames('count(rebound_ready == 0) or vector(0) unless on (pod) up{job="a{b}"} offset 5m and bool rec:x'),
    ).toEqual(['rebound_ready', 'up', 'rec:x']);
  });
});
