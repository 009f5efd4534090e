import {
  LOCAL_KAFKA_TOOLS,
  kafkaConnection,
  localKafkaPassword,
  KafkaAccess,
  KafkaAccessAdmin,
  deploymentAccess,
  isPartnerGrant,
  namespacedToolAccess,
  partnerRegistrarAccess,
} from '@rebound/kafka';
/**
 * Creates the local stack's Kafka users and sets each one's ACLs to exactly what libs/messaging's
 * access catalogue gives (extra ACLs are deleted, but for the grants of partners registered at run
 * time): the services, the dead-letter tool, the commerce platform, the demo partners, the user
 * pickup-scheduling registers partners' users with, and the tools that work under namespaces of
 * their own (the tests, `it-*`; the benchmark, `bench-*`). Connects with the admin credentials of
 * the environment (KAFKA_SASL_MECHANISM, KAFKA_USERNAME, KAFKA_PASSWORD); passwords are the local
 * ones (see @rebound/messaging's localKafkaPassword). Safe to run again: a user's password is set
 * again, the same.
 */
import { demoPartnerIds } from '../platform/demo-platform';

async function main(): Promise<void> {
  const admin = new KafkaAccessAdmin(kafkaConnection());
  const users: KafkaAccess[] = [
    ...deploymentAccess(demoPartnerIds(process.cwd())),
    partnerRegistrarAccess(),
    ...Object.values(LOCAL_KAFKA_TOOLS).map((tool) => namespacedToolAccess(tool.user, tool.prefixes)),
  ];
  let granted = 0;
  let revoked = 0;
  for (const access of users) {
    await admin.setPassword(access.user, localKafkaPassword(access.user));
    // Partners registered at run time keep what pickup-scheduling granted them.
    const change = await admin.grantExactly(access, (acl) => isPartnerGrant(acl));
    granted += change.granted;
    revoked += change.revoked;
  }
  console.log(
    `    ✓ ${users.length} Kafka users with their ACLs (${granted} granted, ${revoked} revoked): ${users.map((u) => u.user).join(', ')}`,
  );
}

main().catch((error: Error) => {
  console.error(`    ✗ provisioning Kafka users failed: ${error.message}`);
  process.exit(1);
});
