/**
 * docker-compose.yml as a whole: what it runs, in which order, and how the containers find each
 * other — checked here because `docker compose config` needs a Compose install. Each service checks
 * its own entries against its configuration in services/<name>/test/compose.spec.ts.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { localKafkaPassword } from '@rebound/kafka';
import { environmentVariables } from '@rebound/kernel';
import { allServices } from '@rebound/contracts';
import {
  ComposeFile,
  WORKSPACE_ROOT,
  buildEntries,
  builtFrom,
  dockerfileExists,
  healthcheckUrl,
  workspaceVersion,
  type ComposeService,
} from '@rebound/testing';
import { parseInspectorCommandLine } from '../demo-inspector/inspector-options';
import { parseCommandLine } from '../partner-sim/simulator-options';
import { SandboxEnvironment, loadSandboxEnvironment } from '../payment-sandbox/sandbox-environment';
import { DEMO_INSPECTOR, DEMO_PARTNERS_FILE, DEMO_PARTNER_SIMULATORS } from '../platform/demo-platform';
import { SERVICE_NAMES } from '../platform/platform';
import { partnerUser, serviceUser } from './kafka-resources';

const compose = ComposeFile.read();
const all = [...compose.services.values()];
const tools = all.filter((service) => service.image?.startsWith('rebound/tools:'));
const demoPartners = (
  JSON.parse(readFileSync(resolve(WORKSPACE_ROOT, DEMO_PARTNERS_FILE), 'utf8')) as { partnerId: string }[]
).map((partner) => partner.partnerId);

/** The arguments after `node <program>`. */
function programArguments(service: ComposeService): string[] {
  return service.command.slice(2);
}

function rawEnvironment(name: string): Record<string, string> {
  return compose.service(name).environment;
}

const kafkaClients = all.filter((service) => service.environment['KAFKA_BROKERS'] !== undefined);
const kafkaSettings = compose.service('kafka').environment;
/** The broker's static PLAIN user on a listener: `username="…"` and its `user_<name>="<password>"`. */
function plainUser(listener: string): { name?: string; password?: string } {
  const jaas = kafkaSettings[`KAFKA_LISTENER_NAME_${listener}_PLAIN_SASL_JAAS_CONFIG`] ?? '';
  const name = /\busername="([^"]+)"/.exec(jaas)?.[1];
  return { name, password: name && new RegExp(`\\buser_${name}="([^"]+)"`).exec(jaas)?.[1] };
}
const admin = plainUser('ADMIN');
const adminClients = kafkaClients.filter((service) => service.environment['KAFKA_USERNAME'] === admin.name);

describe('docker-compose.yml', () => {
  it('runs every service and its migration, Keycloak, a simulator per demo partner, the demo inspector and the payment sandbox', () => {
    const names = [...compose.services.keys()];
    for (const service of SERVICE_NAMES) expect(names).toEqual(expect.arrayContaining([service, `${service}-migrate`]));
    expect(names).toEqual(
      expect.arrayContaining([
        'kafka',
        'postgres',
        'create-topics',
        'provision-kafka',
        'provision-database',
        'payment-sandbox',
        'demo-inspector',
        'keycloak',
      ]),
    );
    const simulated = all
      .filter((service) => service.command[1] === 'dist/scripts/partner-sim/main.js')
      .map((service) => programArguments(service)[1]);
    expect(simulated.sort()).toEqual([...demoPartners].sort());
  });

  it('starts each container after containers that exist and can report the condition it waits for', () => {
    const problems: string[] = [];
    for (const service of all) {
      for (const [target, condition] of Object.entries(service.dependsOn)) {
        const dependency = compose.services.get(target);
        if (!dependency) problems.push(`${service.name} depends on "${target}", which is not in the file`);
        else if (condition === 'service_healthy' && !dependency.healthcheck) {
          problems.push(`${service.name} waits for ${target} to be healthy, which has no healthcheck`);
        } else if (condition === 'service_completed_successfully' && dependency.restart !== 'no') {
          problems.push(`${service.name} waits for ${target} to complete, which is restarted (not a one-shot)`);
        } else if (!['service_healthy', 'service_completed_successfully', 'service_started'].includes(condition)) {
          problems.push(`${service.name} waits for ${target} with the unknown condition "${condition}"`);
        }
      }
    }
    expect(problems).toEqual([]);
    expect(dependencyCycle(all)).toBeUndefined();
  });

  it('points every Kafka client but the admin one-shots at the listener for containers, and publishes the one for the host as 127.0.0.1:9092', () => {
    const advertised = listeners(kafkaSettings['KAFKA_ADVERTISED_LISTENERS']);
    const clients = kafkaClients.filter((service) => !adminClients.includes(service));

    expect(advertised.get('CLIENT')).toBe('kafka:9092');
    expect(new Set(clients.map((service) => service.environment['KAFKA_BROKERS']))).toEqual(new Set(['kafka:9092']));
    expect(clients.map((service) => service.name)).toEqual(
      expect.arrayContaining([
        ...SERVICE_NAMES,
        ...DEMO_PARTNER_SIMULATORS.map(({ partnerId }) => `partner-sim-${partnerId}`),
      ]),
    );
    const external = listeners(kafkaSettings['KAFKA_LISTENERS']).get('EXTERNAL');
    expect(advertised.get('EXTERNAL')).toBe('127.0.0.1:9092');
    expect(compose.service('kafka').ports).toEqual([
      { hostIp: '127.0.0.1', hostPort: 9092, containerPort: Number(external?.split(':')[1]) },
    ]);
  });

  it('runs Kafka with a login on every listener, SCRAM-SHA-512 where containers and the host connect, and nothing allowed without an ACL', () => {
    const bound = listeners(kafkaSettings['KAFKA_LISTENERS']);
    const advertised = listeners(kafkaSettings['KAFKA_ADVERTISED_LISTENERS']);
    const protocols = new Map(
      (kafkaSettings['KAFKA_LISTENER_SECURITY_PROTOCOL_MAP'] ?? '')
        .split(',')
        .map((entry) => entry.split(':') as [string, string]),
    );
    const controller = plainUser('CONTROLLER');

    expect([...bound.keys()].map((name) => [name, protocols.get(name)])).toEqual(
      [...bound.keys()].map((name) => [name, 'SASL_PLAINTEXT']),
    );
    for (const name of ['CLIENT', 'EXTERNAL']) {
      expect([name, kafkaSettings[`KAFKA_LISTENER_NAME_${name}_SASL_ENABLED_MECHANISMS`]]).toEqual([
        name,
        'SCRAM-SHA-512',
      ]);
    }
    // The static PLAIN users' listeners: the container's own loopback, never the network.
    for (const name of ['ADMIN', 'CONTROLLER']) {
      expect([
        name,
        kafkaSettings[`KAFKA_LISTENER_NAME_${name}_SASL_ENABLED_MECHANISMS`],
        bound.get(name)?.split(':')[0],
      ]).toEqual([name, 'PLAIN', '127.0.0.1']);
    }
    expect(advertised.get('ADMIN')).toBe(bound.get('ADMIN'));
    expect([
      kafkaSettings['KAFKA_INTER_BROKER_LISTENER_NAME'],
      kafkaSettings['KAFKA_CONTROLLER_LISTENER_NAMES'],
    ]).toEqual(['ADMIN', 'CONTROLLER']);
    expect([
      kafkaSettings['KAFKA_AUTHORIZER_CLASS_NAME'],
      kafkaSettings['KAFKA_ALLOW_EVERYONE_IF_NO_ACL_FOUND'],
      kafkaSettings['KAFKA_SUPER_USERS'],
    ]).toEqual([
      'org.apache.kafka.metadata.authorizer.StandardAuthorizer',
      'false',
      `User:${admin.name};User:${controller.name}`,
    ]);
    expect(controller.password).toBeTruthy();
  });

  it('gives every Kafka client its own user, with the password provision-kafka sets for it, and none runs without a login', () => {
    const secret = { REBOUND_KAFKA_LOCAL_SECRET: rawEnvironment('provision-kafka')['REBOUND_KAFKA_LOCAL_SECRET'] };
    const expected = Object.fromEntries([
      ...allServices().flatMap((service) => [
        [service.name, serviceUser(service).metadata.name],
        [`${service.name}-migrate`, serviceUser(service).metadata.name],
      ]),
      ...demoPartners.map((partnerId) => [`partner-sim-${partnerId}`, partnerUser(partnerId).metadata.name]),
      ...adminClients.map((service) => [service.name, admin.name]),
    ]);

    expect(
      Object.fromEntries(kafkaClients.map((service) => [service.name, service.environment['KAFKA_USERNAME']])),
    ).toEqual(expected);
    for (const client of kafkaClients.filter((service) => !adminClients.includes(service))) {
      const { KAFKA_USERNAME: user, KAFKA_SASL_MECHANISM: mechanism, KAFKA_PASSWORD: password } = client.environment;
      expect([client.name, mechanism, password]).toEqual([
        client.name,
        'scram-sha-512',
        localKafkaPassword(user, secret),
      ]);
    }
  });

  it('gives the admin, by the password of its PLAIN user, only to the one-shots in the broker’s network namespace', () => {
    const namespaces = compose.raw['services'] as Record<string, { network_mode?: string }>;

    expect(adminClients.map((service) => service.name).sort()).toEqual(['create-topics', 'provision-kafka']);
    for (const client of adminClients) {
      expect([
        client.name,
        namespaces[client.name].network_mode,
        client.environment['KAFKA_BROKERS'],
        client.environment['KAFKA_SASL_MECHANISM'],
        client.environment['KAFKA_PASSWORD'],
        client.restart,
      ]).toEqual([
        client.name,
        'service:kafka',
        listeners(kafkaSettings['KAFKA_LISTENERS']).get('ADMIN'),
        'plain',
        admin.password,
        'no',
      ]);
    }
  });

  it('creates the Kafka users, the demo partners’ among them, before any service starts', () => {
    const provision = compose.service('provision-kafka');

    expect(provision.command).toEqual(['node', 'dist/scripts/tools/provision-kafka.js']);
    expect(provision.dependsOn['kafka']).toBe('service_healthy');
    expect(provision.mounts).toEqual([
      { source: `./${DEMO_PARTNERS_FILE}`, target: `/app/${DEMO_PARTNERS_FILE}`, readOnly: true },
    ]);
    for (const name of SERVICE_NAMES) {
      expect([name, compose.service(name).dependsOn['provision-kafka']]).toEqual([
        name,
        'service_completed_successfully',
      ]);
    }
  });

  it('runs the Keycloak the local stack runs (scripts/lib/keycloak.sh), with the committed realm imported', () => {
    const keycloak = compose.service('keycloak');
    const script = readFileSync(resolve(WORKSPACE_ROOT, 'scripts/lib/keycloak.sh'), 'utf8');
    const version = /KEYCLOAK_VERSION="\$\{KEYCLOAK_VERSION:-([^}]+)\}"/.exec(script)?.[1];

    expect(keycloak.image).toBe(`quay.io/keycloak/keycloak:${version}`);
    expect(keycloak.command).toEqual(expect.arrayContaining(['start-dev', '--import-realm']));
    expect(keycloak.mounts).toEqual([
      {
        source: './scripts/keycloak/rebound-realm.json',
        target: '/opt/keycloak/data/import/rebound-realm.json',
        readOnly: true,
      },
    ]);
    expect(keycloak.healthcheck).toBeDefined();
  });

  it('has every service accept the tokens callers on the host get from Keycloak, and fetch its keys over the compose network', () => {
    const keycloak = compose.service('keycloak');
    const [published] = keycloak.ports;
    const listening = Number(/--http-port=(\d+)/.exec(keycloak.command.join(' '))?.[1]);
    const hostIssuer = `${keycloak.environment['KC_HOSTNAME']}/realms/${realm.realm}`;

    expect(published).toEqual({ hostIp: '127.0.0.1', hostPort: listening, containerPort: listening });
    expect(new URL(keycloak.environment['KC_HOSTNAME']).host).toBe(`127.0.0.1:${published.hostPort}`);
    expect(keycloak.environment['KC_HOSTNAME_BACKCHANNEL_DYNAMIC']).toBe('true');
    const trusting = all.filter((service) => service.environment['OIDC_ISSUER'] !== undefined);
    expect(trusting.map((service) => service.name)).toEqual(expect.arrayContaining([...SERVICE_NAMES]));
    for (const name of SERVICE_NAMES) {
      const environment = rawEnvironment(name);
      expect([name, environment['OIDC_ISSUER'], environment['OIDC_AUDIENCE'], environment['OIDC_JWKS_URL']]).toEqual([
        name,
        hostIssuer,
        realmAudience(),
        `http://keycloak:${listening}/realms/${realm.realm}/protocol/openid-connect/certs`,
      ]);
    }
  });

  it('gives the demo inspector the rebound-warehouse secret of the realm and Keycloak’s address on the compose network', () => {
    const inspector = compose.service('demo-inspector');
    const listening = /--http-port=(\d+)/.exec(compose.service('keycloak').command.join(' '))?.[1];

    expect(inspector.environment).toEqual({
      OIDC_ISSUER: `http://keycloak:${listening}/realms/${realm.realm}`,
      REBOUND_WAREHOUSE_SECRET: realmClientSecret('rebound-warehouse'),
    });
    expect(inspector.dependsOn['keycloak']).toBe('service_healthy');
  });

  it('runs the Kafka version the local stack runs (scripts/kafka/pom.xml)', () => {
    const pom = readFileSync(resolve(WORKSPACE_ROOT, 'scripts/kafka/pom.xml'), 'utf8');
    const version = /<kafka\.version>([^<]+)<\/kafka\.version>/.exec(pom)?.[1];
    expect(compose.service('kafka').image).toBe(`apache/kafka:${version}`);
  });

  it('connects every database client to the Postgres of the file, with the passwords it sets', () => {
    const postgres = rawEnvironment('postgres');
    const admin = new URL(rawEnvironment('provision-database')['DATABASE_URL']);
    const rolePassword = rawEnvironment('provision-database')['REBOUND_DB_PASSWORD'];

    expect([admin.host, admin.pathname, admin.username, admin.password]).toEqual([
      'postgres:5432',
      `/${postgres['POSTGRES_DB']}`,
      'postgres',
      postgres['POSTGRES_PASSWORD'],
    ]);
    const serviceClients = all.filter((service) => service.environment['REBOUND_DB_SERVER'] !== undefined);
    expect(serviceClients.map((service) => service.name).sort()).toEqual(
      SERVICE_NAMES.flatMap((name) => [name, `${name}-migrate`]).sort(),
    );
    for (const client of serviceClients) {
      const server = new URL(client.environment['REBOUND_DB_SERVER']);
      expect([client.name, server.host, server.pathname]).toEqual([client.name, 'postgres:5432', admin.pathname]);
      expect([client.name, client.environment['REBOUND_DB_PASSWORD']]).toEqual([client.name, rolePassword]);
    }
    // The payment sandbox keeps its refunds and charges in a schema of its own in the same database.
    const sandbox = compose.service('payment-sandbox');
    expect(loadSandboxEnvironment(sandbox.environment).SANDBOX_DATABASE_URL).toBe(admin.toString());
    expect(sandbox.dependsOn['postgres']).toBe('service_healthy');
  });

  it('pays refunds through the payment sandbox, which listens for other containers on the port it publishes', () => {
    const sandbox = compose.service('payment-sandbox');
    const settings = loadSandboxEnvironment(sandbox.environment);
    const known = environmentVariables(SandboxEnvironment);

    expect(Object.keys(sandbox.environment).filter((name) => !known.includes(name))).toEqual([]);
    expect(settings.HOST).toBe('0.0.0.0');
    expect(rawEnvironment('refunds')['PAYMENT_PROVIDER_URL']).toBe(
      `http://payment-sandbox:${settings.PAYMENT_SANDBOX_PORT}`,
    );
    expect(sandbox.ports.map((port) => port.containerPort)).toEqual([settings.PAYMENT_SANDBOX_PORT]);
    expect(Number(healthcheckUrl(sandbox)?.port)).toBe(settings.PAYMENT_SANDBOX_PORT);
  });

  it('plays each demo partner with the options the local bring-up gives its simulator, resuming from pickup-scheduling as rebound-support', () => {
    const pickups = `http://pickup-scheduling:${rawEnvironment('pickup-scheduling')['HTTP_PORT']}`;
    const issuer = rawEnvironment('demo-inspector')['OIDC_ISSUER'];
    for (const { partnerId, args } of DEMO_PARTNER_SIMULATORS) {
      const simulator = compose.service(`partner-sim-${partnerId}`);
      expect(programArguments(simulator)).toEqual(['--partner', partnerId, ...args, '--resume-from', pickups]);
      expect(parseCommandLine(programArguments(simulator)).kind).toBe('run');
      expect(simulator.environment).toMatchObject({
        OIDC_ISSUER: issuer,
        REBOUND_SUPPORT_SECRET: realmClientSecret('rebound-support'),
      });
      expect(simulator.dependsOn).toMatchObject({
        'pickup-scheduling': 'service_healthy',
        keycloak: 'service_healthy',
      });
    }
  });

  it('grades parcels at warehouse-qc the way the local bring-up does', () => {
    const command = parseInspectorCommandLine(programArguments(compose.service('demo-inspector')));
    if (command.kind !== 'run') throw new Error('the demo inspector is started with --help');

    expect(command.options.warehouseQcUrl).toBe(`http://warehouse-qc:${rawEnvironment('warehouse-qc')['HTTP_PORT']}`);
    expect(command.options.warehouses).toEqual(DEMO_INSPECTOR.warehouses);
    expect(command.options.defaultGrade).toBe(DEMO_INSPECTOR.defaultGrade);
    expect(Object.fromEntries(command.options.skuGrades)).toEqual(DEMO_INSPECTOR.skuGrades);
  });

  it('runs from the tools image only programs its build compiles', () => {
    const compiled = buildEntries('scripts');
    for (const service of tools) {
      expect([service.name, service.command[0]]).toEqual([service.name, 'node']);
      expect(compiled).toContain(builtFrom(service.command[1]));
    }
  });

  it('runs images built here at the workspace version, and public images pinned to a version', () => {
    const problems = all.flatMap((service) => {
      const [name, tag] = (service.image ?? '').split(':');
      if (name.startsWith('rebound/')) {
        return [
          ...(tag === workspaceVersion() ? [] : [`${service.name}: tag "${tag}" is not the workspace version`]),
          ...(dockerfileExists(service.build?.dockerfile ?? '') ? [] : [`${service.name}: no Dockerfile to build it`]),
        ];
      }
      return tag && tag !== 'latest' && !service.build ? [] : [`${service.name}: ${service.image} is not pinned`];
    });
    expect(problems).toEqual([]);
  });

  it('publishes each host port once, on the loopback interface only', () => {
    const published = all.flatMap((service) => service.ports);
    const hostPorts = published.map((port) => port.hostPort);

    expect(new Set(hostPorts).size).toBe(hostPorts.length);
    expect(published.filter((port) => port.hostIp !== '127.0.0.1')).toEqual([]);
  });
});

interface Realm {
  readonly realm: string;
  readonly clientScopes: readonly { protocolMappers?: { config?: Record<string, string> }[] }[];
  readonly clients: readonly { clientId: string; secret?: string }[];
}

/** The realm compose imports, which the local stack's Keycloak imports too. */
const realm = JSON.parse(readFileSync(resolve(WORKSPACE_ROOT, 'scripts/keycloak/rebound-realm.json'), 'utf8')) as Realm;

/** The audience the realm's tokens name (its audience mapper). */
function realmAudience(): string | undefined {
  return realm.clientScopes
    .flatMap((scope) => scope.protocolMappers ?? [])
    .map((mapper) => mapper.config?.['included.custom.audience'])
    .find(Boolean);
}

function realmClientSecret(clientId: string): string | undefined {
  return realm.clients.find((client) => client.clientId === clientId)?.secret;
}

/** `NAME://host:port,...` → NAME → host:port. */
function listeners(value = ''): Map<string, string> {
  return new Map(
    value
      .split(',')
      .filter(Boolean)
      .map((listener) => {
        const [name, address] = listener.split('://');
        return [name, address];
      }),
  );
}

/** A chain of depends_on that comes back to where it started, or undefined. */
function dependencyCycle(services: readonly ComposeService[]): string[] | undefined {
  const byName = new Map(services.map((service) => [service.name, service]));
  const visit = (name: string, path: string[]): string[] | undefined => {
    if (path.includes(name)) return [...path, name];
    for (const next of Object.keys(byName.get(name)?.dependsOn ?? {})) {
      const cycle = visit(next, [...path, name]);
      if (cycle) return cycle;
    }
    return undefined;
  };
  for (const service of services) {
    const cycle = visit(service.name, []);
    if (cycle) return cycle;
  }
  return undefined;
}
