/**
 * Creates Kafka users and makes their ACLs exactly what the access catalogue says, through the Admin
 * API of a connection allowed to (a super user, or one with Alter on the cluster). SCRAM credentials
 * are set with AlterUserScramCredentials (KIP-554), which kafkajs does not speak: that one request
 * goes through @platformatic/kafka's protocol layer; ACLs go through kafkajs.
 */
import { pbkdf2Sync, randomBytes } from 'node:crypto';
import {
  Admin,
  AclOperationTypes,
  AclPermissionTypes,
  AclResourceTypes,
  Kafka,
  ResourcePatternTypes,
  logLevel,
  type AclEntry,
  type AclFilter,
} from 'kafkajs';
import { Connection, alterUserScramCredentialsV0, describeUserScramCredentialsV0 } from '@platformatic/kafka';
import type { KafkaConnection } from '../connection/kafka-connection';
import type { Acl, AclOperation, KafkaAccess } from './kafka-access';

// AlterUserScramCredentials' mechanism code for SCRAM-SHA-512, and the iterations Kafka's own tools use.
const SCRAM_SHA_512 = 2;
const SCRAM_ITERATIONS = 8192;
const RESOURCE_NOT_FOUND = 91;

const OPERATIONS: Record<AclOperation, AclOperationTypes> = {
  Read: AclOperationTypes.READ,
  Write: AclOperationTypes.WRITE,
  Create: AclOperationTypes.CREATE,
  Describe: AclOperationTypes.DESCRIBE,
  Alter: AclOperationTypes.ALTER,
  All: AclOperationTypes.ALL,
};

export interface AccessChange {
  readonly user: string;
  readonly granted: number;
  readonly revoked: number;
}

export class KafkaAccessAdmin {
  private readonly kafka: Kafka;

  constructor(private readonly connection: KafkaConnection) {
    this.kafka = new Kafka({ clientId: 'rebound-access-admin', ...connection, logLevel: logLevel.NOTHING });
  }

  /** Whether the user has a SCRAM-SHA-512 credential. */
  async userExists(user: string): Promise<boolean> {
    const response = await this.withConnection((connection) =>
      answered(describeUserScramCredentialsV0.api.async(connection, [{ name: user }])),
    );
    const result = response.results.find((entry) => entry.user === user);
    if (!result || result.errorCode === RESOURCE_NOT_FOUND) return false;
    if (result.errorCode !== 0)
      throw new Error(`describing Kafka user ${user}: ${result.errorMessage ?? `error ${result.errorCode}`}`);
    return result.credentialInfos.some((info) => info.mechanism === SCRAM_SHA_512);
  }

  /** Sets the user's SCRAM-SHA-512 password, creating the user if need be. */
  async setPassword(user: string, password: string): Promise<void> {
    const salt = randomBytes(32);
    const saltedPassword = pbkdf2Sync(password, salt, SCRAM_ITERATIONS, 64, 'sha512');
    const response = await this.withConnection((connection) =>
      answered(
        alterUserScramCredentialsV0.api.async(
          connection,
          [],
          [{ name: user, mechanism: SCRAM_SHA_512, iterations: SCRAM_ITERATIONS, salt, saltedPassword }],
        ),
      ),
    );
    const failed = response.results.find((result) => result.errorCode !== 0);
    if (failed)
      throw new Error(
        `setting the password of Kafka user ${user}: ${failed.errorMessage ?? `error ${failed.errorCode}`}`,
      );
  }

  /** Adds whichever of `access.acls` the user lacks, leaving its other ACLs as they are. */
  grant(access: KafkaAccess): Promise<AccessChange> {
    return this.sync(access, () => true);
  }

  /**
   * Makes the user's ACLs exactly `access.acls`: missing ones are created, any other is deleted —
   * except those `retain` keeps (rules that come and go at run time, such as partner grants).
   */
  grantExactly(access: KafkaAccess, retain: (acl: Acl) => boolean = () => false): Promise<AccessChange> {
    return this.sync(access, retain);
  }

  private sync(access: KafkaAccess, retain: (acl: Acl) => boolean): Promise<AccessChange> {
    return this.withAdmin(async (admin) => {
      const principal = `User:${access.user}`;
      const wanted = access.acls.flatMap((acl) => entries(principal, acl));
      const existing = await currentEntries(admin, principal);
      const key = (entry: AclEntry) =>
        [
          entry.resourceType,
          entry.resourceName,
          entry.resourcePatternType,
          entry.operation,
          entry.permissionType,
          entry.host,
        ].join('|');
      const wantedKeys = new Set(wanted.map(key));
      const existingKeys = new Set(existing.map(key));
      const missing = wanted.filter((entry) => !existingKeys.has(key(entry)));
      const extra = existing.filter((entry) => {
        const acl = aclOf(entry);
        return !wantedKeys.has(key(entry)) && !(acl && retain(acl));
      });
      if (missing.length > 0) await admin.createAcls({ acl: missing });
      if (extra.length > 0) await admin.deleteAcls({ filters: extra.map((entry) => entry as AclFilter) });
      return { user: access.user, granted: missing.length, revoked: extra.length };
    });
  }

  /**
   * Takes everything from the user: its ACLs are deleted and its password replaced by a random one
   * no one knows. The credential itself stays: on Kafka 4.4 a broker restarted after a SCRAM
   * credential was deleted (RemoveUserScramCredentialRecord) refuses every SCRAM login, its admin's
   * included, so this never deletes one.
   */
  async revoke(user: string): Promise<void> {
    await this.withAdmin(async (admin) => {
      const existing = await currentEntries(admin, `User:${user}`);
      if (existing.length > 0) await admin.deleteAcls({ filters: existing.map((entry) => entry as AclFilter) });
    });
    await this.setPassword(user, randomBytes(32).toString('base64url'));
  }

  private async withAdmin<T>(work: (admin: Admin) => Promise<T>): Promise<T> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      return await work(admin);
    } finally {
      await admin.disconnect();
    }
  }

  private async withConnection<T>(work: (connection: Connection) => Promise<T>): Promise<T> {
    const { sasl, ssl } = this.connection;
    const connection = new Connection('rebound-access-admin', {
      ...(sasl
        ? {
            sasl: {
              mechanism: sasl.mechanism.toUpperCase() as 'SCRAM-SHA-512',
              username: sasl.username,
              password: sasl.password,
            },
          }
        : {}),
      ...(ssl ? { tls: { ...ssl } } : {}),
    });
    const [host, port] = splitBroker(this.connection.brokers[0]);
    try {
      await connection.connect(host, port);
      return await work(connection);
    } finally {
      await connection.close();
    }
  }
}

/**
 * The response, also when it carries per-user error codes: @platformatic/kafka rejects with them
 * (a ResponseError holding the response), and the callers name what failed for whom themselves.
 */
async function answered<T>(request: Promise<T>): Promise<T> {
  try {
    return await request;
  } catch (error) {
    const response = (error as { response?: T }).response;
    if (response === undefined) throw error;
    return response;
  }
}

function splitBroker(broker: string): [string, number] {
  const colon = broker.lastIndexOf(':');
  return [broker.slice(0, colon).replace(/^\[|\]$/g, ''), Number(broker.slice(colon + 1))];
}

const OPERATION_NAMES = new Map(Object.entries(OPERATIONS).map(([name, code]) => [code, name as AclOperation]));

/** An ACL entry as the catalogue writes it; undefined for resources the catalogue never names (transactional ids, say). */
function aclOf(entry: AclEntry): Acl | undefined {
  const type = (Object.keys(RESOURCE_TYPES) as Acl['resource']['type'][]).find(
    (name) => RESOURCE_TYPES[name] === entry.resourceType,
  );
  if (type === undefined) return undefined;
  return {
    resource: {
      type,
      name: entry.resourceName,
      patternType: entry.resourcePatternType === ResourcePatternTypes.LITERAL ? 'literal' : 'prefix',
    },
    operations: [OPERATION_NAMES.get(entry.operation) ?? 'All'],
  };
}

const RESOURCE_TYPES = {
  topic: AclResourceTypes.TOPIC,
  group: AclResourceTypes.GROUP,
  cluster: AclResourceTypes.CLUSTER,
};

function entries(principal: string, acl: Acl): AclEntry[] {
  return acl.operations.map((operation) => ({
    resourceType: RESOURCE_TYPES[acl.resource.type],
    resourceName: acl.resource.name,
    resourcePatternType:
      acl.resource.patternType === 'literal' ? ResourcePatternTypes.LITERAL : ResourcePatternTypes.PREFIXED,
    principal,
    host: '*',
    operation: OPERATIONS[operation],
    permissionType: AclPermissionTypes.ALLOW,
  }));
}

async function currentEntries(admin: Admin, principal: string): Promise<AclEntry[]> {
  const { resources } = await admin.describeAcls({
    resourceType: AclResourceTypes.ANY,
    resourcePatternType: ResourcePatternTypes.ANY,
    principal,
    operation: AclOperationTypes.ANY,
    permissionType: AclPermissionTypes.ANY,
  });
  return resources.flatMap((resource) =>
    resource.acls.map((acl) => ({
      resourceType: resource.resourceType,
      resourceName: resource.resourceName,
      resourcePatternType: resource.resourcePatternType,
      principal: acl.principal,
      host: acl.host,
      operation: acl.operation,
      permissionType: acl.permissionType,
    })),
  );
}
