/**
 * Every registered partner gets its two topics at once: the bookings topic it reads, and the
 * tracking topic it writes — which this service then starts consuming without a restart.
 */
import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { PartnerTopics } from '@rebound/contracts';
import { KafkaJsBroker, type BrokerAdmin } from '@rebound/messaging';
import { SubscriptionRefresher } from '@rebound/messaging/nest';
import type { Logger } from '@rebound/observability';
import type { PickupsConfig } from '../config/pickups-config';
import { LOGGER, PICKUPS_CONFIG } from '../providers';

@Injectable()
export class PartnerTopicsProvisioner implements OnApplicationShutdown {
  private admin: BrokerAdmin | undefined;

  constructor(
    @Inject(PICKUPS_CONFIG) private readonly config: PickupsConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly subscriptions: SubscriptionRefresher,
  ) {}

  /** Creates whichever of the partner's topics do not exist yet, and starts consuming its tracking topic. */
  async provision(partnerId: string): Promise<void> {
    const admin = await this.connected();
    const existing = new Set(await admin.listTopics());
    const wanted = [PartnerTopics.bookings, PartnerTopics.tracking].map((family) => ({
      topic: family.nameFor(partnerId),
      partitions: this.config.partnerTopicPartitions,
      config: { 'cleanup.policy': family.cleanupPolicy },
    }));
    await admin.createTopics(wanted.filter((spec) => !existing.has(spec.topic)));
    await this.subscriptions.refresh();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.admin?.disconnect();
    this.admin = undefined;
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
