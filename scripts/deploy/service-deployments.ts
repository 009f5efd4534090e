/**
 * What deploying a service takes beyond the facts of the service itself (libs/contracts' Services:
 * its ports, topics, role and variables): the values a deployment gives some of its variables, the
 * secrets it mounts, the files and companions it needs. The one place such differences between the
 * services are written; service-files.ts generates the Kubernetes manifests and compose entries from the
 * two together. A variable named here must be one of the service's own (the types refuse another).
 */
import { Services } from '@rebound/contracts';
import { KAFKA_LAYOUT } from './kafka-resources';

export type ServiceKey = keyof typeof Services;
/** One of the service's own variables (its catalogue entry's `environment`). */
export type VariableOf<K extends ServiceKey> = (typeof Services)[K]['environment'][number];

export interface DeploymentSetting<V extends string> {
  readonly name: V;
  readonly value: string;
  /** Why this value, written above it. */
  readonly comment?: string;
}

/** A compose value: a literal, or a YAML alias of an anchor in the hand-written part of docker-compose.yml. */
export type ComposeValue = string | { readonly alias: string };

export interface ServiceDeployment<V extends string> {
  readonly kubernetes: {
    /** Its config.env beyond its ports: values for a cluster. */
    readonly config: readonly DeploymentSetting<V>[];
    /** Variables its pods, and its migration Job, read from a Secret of the namespace. */
    readonly secrets: readonly {
      readonly name: V;
      readonly secret: string;
      readonly key: string;
      readonly comment: string;
    }[];
  };
  readonly compose: {
    /** Its environment beyond the shared anchors and its ports. */
    readonly environment: readonly { readonly name: V; readonly value: ComposeValue; readonly comment?: string }[];
    /** What its migration needs beyond the shared anchors, and why. */
    readonly migration?: {
      readonly comment: string;
      readonly environment: readonly { readonly name: V; readonly value: ComposeValue }[];
    };
    /** Files of the repository mounted read-only: host path (relative to the root) and container path. */
    readonly mounts: readonly { readonly source: string; readonly target: string }[];
    /** Containers of the hand-written part it waits for to be healthy. */
    readonly healthyBefore: readonly string[];
  };
}

const NOTHING_MORE = {
  kubernetes: { config: [], secrets: [] },
  compose: { environment: [], mounts: [], healthyBefore: [] },
} as const;

const PARTNER_SECRETS_COMMENT =
  "Encrypts partners' webhook secrets at rest (32 random bytes, base64); see docs/deploy.md.";

export const SERVICE_DEPLOYMENTS: { readonly [K in ServiceKey]: ServiceDeployment<VariableOf<K>> } = {
  returnsIntake: {
    kubernetes: {
      config: [
        {
          name: 'IDEMPOTENCY_KEY_RETENTION_DAYS',
          value: '30',
          comment:
            'How long an Idempotency-Key is remembered after its first use (docs/returns-intake.md, Idempotency).',
        },
      ],
      secrets: [],
    },
    compose: NOTHING_MORE.compose,
  },
  pickupScheduling: {
    kubernetes: {
      config: [
        {
          name: 'KAFKA_TOPIC_PARTITIONS',
          value: String(KAFKA_LAYOUT.partitions),
          comment:
            'Partitions of the partner topics it creates at registration: as many as the catalogue topics have\n' +
            '(KAFKA_LAYOUT.partitions in scripts/deploy/kafka-resources.ts).',
        },
        {
          name: 'REJECTED_TRACKING_RETENTION_DAYS',
          value: '30',
          comment: 'How long a refused tracking event stays listed under rejected-events.',
        },
      ],
      secrets: [
        {
          name: 'PARTNER_SECRETS_KEY',
          secret: 'pickup-scheduling-partner-secrets',
          key: 'key',
          comment: PARTNER_SECRETS_COMMENT,
        },
      ],
    },
    compose: {
      environment: [
        {
          name: 'PARTNERS_SEED_FILE',
          value: '/app/partners/demo-partners.json',
          comment: 'The demo partners the simulators below play, registered at start unless they exist.',
        },
        { name: 'PARTNER_SECRETS_KEY', value: { alias: 'partner-secrets-key' } },
      ],
      migration: {
        comment: "The migration seals partners' plaintext webhook secrets, so it needs the service's key.",
        environment: [{ name: 'PARTNER_SECRETS_KEY', value: { alias: 'partner-secrets-key' } }],
      },
      mounts: [
        {
          source: 'services/pickup-scheduling/partners/demo-partners.json',
          target: '/app/partners/demo-partners.json',
        },
      ],
      healthyBefore: [],
    },
  },
  warehouseQc: NOTHING_MORE,
  inventory: NOTHING_MORE,
  refunds: {
    kubernetes: {
      config: [
        {
          name: 'PAYMENT_PROVIDER_URL',
          value: 'https://payments.example.com',
          comment: 'The payment provider (egress to it: allow-payment-provider-egress in network-policies.yaml).',
        },
        {
          name: 'PAYMENT_ATTEMPT_RETENTION_DAYS',
          value: '90',
          comment:
            'How long the payment attempts of a finished refund are kept after it finished (docs/refunds.md, Retention).',
        },
      ],
      secrets: [],
    },
    compose: {
      environment: [{ name: 'PAYMENT_PROVIDER_URL', value: 'http://payment-sandbox:3090' }],
      mounts: [],
      healthyBefore: ['payment-sandbox'],
    },
  },
  notifications: {
    kubernetes: {
      config: [],
      secrets: [
        {
          name: 'WEBHOOK_SECRETS_KEY',
          secret: 'notifications-webhook-secrets',
          key: 'key',
          comment:
            "Encrypts subscriptions' webhook signing secrets at rest (32 random bytes, base64); see docs/deploy.md.",
        },
      ],
    },
    compose: {
      environment: [{ name: 'WEBHOOK_SECRETS_KEY', value: { alias: 'webhook-secrets-key' } }],
      mounts: [],
      healthyBefore: [],
    },
  },
};
