/**
 * The bring-up's second half (scripts/up runs the local stack first): starts the platform's
 * processes, drives the sample returns through the lifecycle, prints their timelines and where
 * every API lives, then keeps running until Ctrl-C (SIGINT) or SIGTERM, which stop everything —
 * at any moment, during the start too. A second Ctrl-C kills what is still running. A process that
 * exits on its own meanwhile is restarted with back-off, each exit and return to service printed;
 * the others, and the broker, run on.
 *
 * To run a second copy beside the first (the stop test does): REBOUND_PORT_OFFSET moves every port,
 * DATABASE_SCHEMA_PREFIX puts each service in schema `<prefix><its schema>` (created beforehand),
 * KAFKA_TOPIC_NAMESPACE prefixes every topic, REBOUND_PLATFORM_LOG_DIR moves the logs, and a Kafka
 * user in the environment (KAFKA_SASL_MECHANISM, KAFKA_USERNAME, KAFKA_PASSWORD) replaces the
 * processes' own (the local stack has users only for its own, un-namespaced topics).
 */
import { resolve } from 'node:path';
import { localKafkaEnv, localKafkaPassword, partnerRegistrarAccess } from '@rebound/kafka';
import { Services, allServices, type ServiceDefinition } from '@rebound/contracts';
import { oidcIssuer } from './client-credentials';
import { DEMO_INSPECTOR, DEMO_PARTNERS_FILE, DEMO_PARTNER_SIMULATORS, DEMO_SERVICE_ENV } from './demo-platform';
import { WORKSPACE_ROOT } from './managed-process';
import { Platform, SERVICE_NAMES, ServiceName, ServiceSettings } from './platform';
import { formatEndpoints, formatOutcome } from './report';
import { runSampleReturns } from './run-samples';
import { sampleReturns } from './sample-returns';

const LOG_DIR = resolve(WORKSPACE_ROOT, process.env['REBOUND_PLATFORM_LOG_DIR'] || '.rebound/platform/logs');
// The highest offset that keeps every service's ports valid.
const MAX_PORT_OFFSET =
  65535 - Math.max(...allServices().flatMap((service) => [service.ports.http, service.ports.grpc ?? 0]));

function portOffset(): number {
  const raw = process.env['REBOUND_PORT_OFFSET'] || '0';
  const offset = Number(raw);
  if (!/^\d+$/.test(raw) || offset > MAX_PORT_OFFSET) {
    throw new Error(`REBOUND_PORT_OFFSET must be a whole number from 0 to ${MAX_PORT_OFFSET}; got "${raw}"`);
  }
  return offset;
}

/** The service's own ports from the catalogue, moved by REBOUND_PORT_OFFSET. */
function portsOf(service: ServiceDefinition, offset: number): ServiceSettings {
  const { http, grpc } = service.ports;
  return { httpPort: http + offset, ...(grpc !== undefined && { grpcPort: grpc + offset }) };
}

/** With DATABASE_SCHEMA_PREFIX, each service's DATABASE_SCHEMA is the prefix and its own schema's name. */
function withSchemaPrefix(services: Record<ServiceName, ServiceSettings>): Record<ServiceName, ServiceSettings> {
  const prefix = process.env['DATABASE_SCHEMA_PREFIX'];
  if (!prefix) return services;
  const schemas = new Map(Object.values(Services).map((service) => [service.name, service.schema]));
  const prefixed = { ...services };
  for (const name of SERVICE_NAMES) {
    prefixed[name] = {
      ...services[name],
      env: { ...services[name].env, DATABASE_SCHEMA: `${prefix}${schemas.get(name)}` },
    };
  }
  return prefixed;
}

/**
 * Each process connects as its own user of the local stack (scripts/stack provisions them), unless
 * the environment names a Kafka user already (KAFKA_SASL_MECHANISM, as the tests' does): then every
 * process connects as that one.
 */
function platformKafkaCredentials(user: string): Record<string, string> {
  return process.env['KAFKA_SASL_MECHANISM'] ? {} : localKafkaEnv(user);
}

/** With the processes' own users, pickup-scheduling makes the Kafka users of partners registered while it runs. */
function partnerRegistrarCredentials(): Record<string, string> {
  if (process.env['KAFKA_SASL_MECHANISM']) return {};
  const registrar = partnerRegistrarAccess().user;
  return { KAFKA_ADMIN_USERNAME: registrar, KAFKA_ADMIN_PASSWORD: localKafkaPassword(registrar) };
}

function say(line: string): void {
  console.log(line);
}

async function main(): Promise<void> {
  const offset = portOffset();
  const platform = new Platform(
    {
      logDir: LOG_DIR,
      env: {
        LOG_LEVEL: process.env['LOG_LEVEL'] ?? 'info',
        // The sandbox `scripts/stack up` started.
        PAYMENT_PROVIDER_URL:
          process.env['PAYMENT_PROVIDER_URL'] ?? `http://127.0.0.1:${process.env['PAYMENT_SANDBOX_PORT'] ?? 3090}`,
      },
      services: withSchemaPrefix({
        'returns-intake': portsOf(Services.returnsIntake, offset),
        'pickup-scheduling': {
          ...portsOf(Services.pickupScheduling, offset),
          env: { ...DEMO_SERVICE_ENV['pickup-scheduling'], ...partnerRegistrarCredentials() },
        },
        'warehouse-qc': portsOf(Services.warehouseQc, offset),
        inventory: portsOf(Services.inventory, offset),
        refunds: portsOf(Services.refunds, offset),
        notifications: { ...portsOf(Services.notifications, offset), env: DEMO_SERVICE_ENV.notifications },
      }),
      partners: DEMO_PARTNER_SIMULATORS,
      inspector: DEMO_INSPECTOR,
      kafkaCredentials: platformKafkaCredentials,
    },
    (line) => say(`  ✓ ${line}`),
    (line) => say(`\n↻ ${line}`),
  );

  let stopping = false;
  const stop = (why: string) => {
    if (stopping) {
      say('▶ stopping at once: killing what is still running');
      platform.kill();
      process.exit(130);
    }
    stopping = true;
    say(`\n▶ ${why}: stopping the platform (again to kill it at once)`);
    void platform.stop().then(() => process.exit(0));
  };
  process.on('SIGINT', () => stop('Ctrl-C'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGHUP', () => stop('the terminal closed'));

  say(
    `\n▶ starting the platform: six services, ${DEMO_PARTNER_SIMULATORS.length} partner simulators and the demo ` +
      `inspector (logs in ${LOG_DIR})`,
  );
  try {
    await platform.start();
  } catch (error) {
    if (stopping) return; // a Ctrl-C during the start: stop() finishes and exits
    throw error;
  }

  const runTag = new Date().toISOString().replace(/\D/g, '').slice(2, 14);
  const samples = sampleReturns(runTag, new Date());
  say(
    '\n▶ seeded at start-up: the demo return policy (services/returns-intake/policy/default-policy.json) and ' +
      `the demo partners (${DEMO_PARTNERS_FILE}); now storing ${samples.length} ` +
      'orders and opening one return per order',
  );
  try {
    const outcomes = await runSampleReturns(platform.services, samples, { progress: say, timeoutMs: 180_000 });
    say('\n▶ the sample returns, with their timelines\n');
    say(outcomes.map(formatOutcome).join('\n\n'));
  } catch (error) {
    if (stopping) return;
    say(`\n✗ the sample returns did not finish: ${(error as Error).message}\n  logs: ${LOG_DIR}`);
  }
  say(`\n▶ Rebound is running\n${formatEndpoints(platform.services, platform.paymentProviderUrl)}`);
  // Every API call needs a bearer token: say where one comes from.
  say(`  tokens             ${oidcIssuer()}/protocol/openid-connect/token (client credentials; docs/security.md)`);
  say(`  logs               ${LOG_DIR}\n\nCtrl-C stops everything.`);
}

main().catch((error: Error) => {
  console.error(`\n✗ ${error.message}`);
  process.exit(1);
});
