/**
 * Every registered partner gets its two topics at once — the bookings topic it reads, and the
 * tracking topic it writes, which this service then starts consuming without a restart — and, when
 * the service may manage Kafka users (KAFKA_ADMIN_USERNAME), its own Kafka user: allowed to write only
 * its tracking topic and read only its bookings topic, with this service allowed to write those
 * bookings. A user that exists keeps its password; a new one gets a generated password, answered once.
 */
import { randomBytes } from 'node:crypto';
import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { KafkaAccessAdmin, KafkaJsBroker, partnerGrants, type BrokerAdmin } from '@rebound/kafka';
import { PartnerTopics } from '@rebound/contracts';
import { SubscriptionRefresher } from '@rebound/messaging/nest';
import type { Logger } from '@rebound/observability';
import type { PickupsConfig } from '../config/pickups-config';
import { LOGGER, PICKUPS_CONFIG } from '../providers';

/** A new partner's Kafka login, shown once. */
export interface PartnerKafkaCredentials {
  readonly mechanism: 'scram-sha-512';
  readonly username: string;
  readonly password: string;
}

@Injectable()
export class PartnerKafkaProvisioner implements OnApplicationShutdown {
  private admin: BrokerAdmin | undefined;
  private readonly users: KafkaAccessAdmin | undefined;

  constructor(
    @Inject(PICKUPS_CONFIG) private readonly config: PickupsConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly subscriptions: SubscriptionRefresher,
  ) {
    this.users = config.kafkaAdmin && new KafkaAccessAdmin(config.kafkaAdmin);
  }

  /**
   * Creates whichever of the partner's topics do not exist yet, starts consuming its tracking topic,
   * and grants its Kafka access; answers the credentials of a Kafka user it had to create.
   */
  async provision(partnerId: string): Promise<PartnerKafkaCredentials | undefined> {
    const credentials = await this.grantAccess(partnerId);
    const admin = await this.connected();
    const existing = new Set(await admin.listTopics());
    const wanted = [PartnerTopics.bookings, PartnerTopics.tracking].map((family) => ({
      topic: family.nameFor(partnerId),
      partitions: this.config.partnerTopicPartitions,
      config: { 'cleanup.policy': family.cleanupPolicy },
    }));
    await admin.createTopics(wanted.filter((spec) => !existing.has(spec.topic)));
    await this.subscriptions.refresh();
    return credentials;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.admin?.disconnect();
    this.admin = undefined;
  }

  private async grantAccess(partnerId: string): Promise<PartnerKafkaCredentials | undefined> {
    if (!this.users) return undefined;
    const [partner, ...producers] = partnerGrants(partnerId, this.config.kafkaTopicNamespace);
    let credentials: PartnerKafkaCredentials | undefined;
    if (!(await this.users.userExists(partner.user))) {
      credentials = {
        mechanism: 'scram-sha-512',
        username: partner.user,
        password: randomBytes(24).toString('base64url'),
      };
      await this.users.setPassword(partner.user, credentials.password);
    }
    await this.users.grantExactly(partner);
    for (const grant of producers) await this.users.grant(grant);
    this.logger.info(
      { partnerId, kafkaUser: partner.user, created: credentials !== undefined },
      'partner Kafka access granted',
    );
    return credentials;
  }

  private async connected(): Promise<BrokerAdmin> {
    if (!this.admin) {
      const admin = new KafkaJsBroker({
        connection: this.config.kafka,
        clientId: 'pickup-scheduling-admin',
        logger: this.logger,
        namespace: this.config.kafkaTopicNamespace,
      }).admin();
      await admin.connect();
      this.admin = admin;
    }
    return this.admin;
  }
}
