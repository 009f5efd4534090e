/**
 * Kafka users of a test's own topic namespace, made from the access catalogue the way scripts/stack
 * makes the deployment's (`<namespace>.rebound-refunds`, `<namespace>.partner-acme`, the partner
 * registrar, ...), each with
 * a random password, so a test can run every process as its own least-privileged user. Provisioned
 * with the local stack's admin user; `revoke()` takes their access away again.
 */
import { randomBytes } from 'node:crypto';
import {
  KafkaAccessAdmin,
  LOCAL_KAFKA_ADMIN,
  kafkaConnection,
  localKafkaEnv,
  type KafkaConnection,
  deploymentAccess,
  partnerRegistrarAccess,
  type KafkaAccess,
} from '@rebound/kafka';

export interface NamespacedUsers {
  /** Every user with what it is allowed, as provisioned. */
  readonly accesses: readonly KafkaAccess[];
  /** The variables that make a Kafka client connect as `user`. */
  envOf(user: string): Record<string, string>;
  /** The connection of `user` (see `envOf`). */
  connectionOf(user: string): KafkaConnection;
  /** Takes their ACLs and passwords away (see KafkaAccessAdmin.revoke). */
  revoke(): Promise<void>;
}

/** The admin of the local stack, on the brokers the tests use. */
export function localKafkaAdmin(): KafkaAccessAdmin {
  return new KafkaAccessAdmin(kafkaConnection({ ...process.env, ...localKafkaEnv(LOCAL_KAFKA_ADMIN) }));
}

export async function provisionNamespacedUsers(
  namespace: string,
  partnerIds: readonly string[],
): Promise<NamespacedUsers> {
  const admin = localKafkaAdmin();
  const accesses = [...deploymentAccess(partnerIds, namespace), partnerRegistrarAccess(namespace)];
  const passwords = new Map(accesses.map((access) => [access.user, randomBytes(18).toString('base64url')]));
  for (const access of accesses) {
    await admin.setPassword(access.user, passwords.get(access.user) as string);
    await admin.grantExactly(access);
  }
  const envOf = (user: string): Record<string, string> => {
    const password = passwords.get(user);
    if (password === undefined) throw new Error(`no Kafka user ${user} in topic namespace ${namespace}`);
    return { KAFKA_SASL_MECHANISM: 'scram-sha-512', KAFKA_USERNAME: user, KAFKA_PASSWORD: password };
  };
  return {
    accesses,
    envOf,
    connectionOf: (user) => kafkaConnection({ KAFKA_BROKERS: process.env['KAFKA_BROKERS'], ...envOf(user) }),
    async revoke() {
      for (const access of accesses) await admin.revoke(access.user);
    },
  };
}
