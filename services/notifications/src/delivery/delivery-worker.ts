/**
 * Delivers due webhooks in the background for as long as the service runs: WEBHOOK_CONCURRENCY
 * loops, each sending one delivery at a time, so a receiver that answers slowly or never holds one
 * loop for at most WEBHOOK_TIMEOUT_MS while the others go on. Replicas share the work (each delivery
 * is leased by one). Stopping waits for the calls in flight to be recorded.
 */
import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { patientSleep } from '@rebound/kernel';
import type { Logger } from '@rebound/observability';
import type { NotificationsConfig } from '../config/notifications-config';
import type { DeliverWebhook } from '../domain/processes/deliver-webhook';
import { DELIVERIES, LOGGER, NOTIFICATIONS_CONFIG } from '../providers';

@Injectable()
export class DeliveryWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  private running = false;
  private loops: Promise<void>[] = [];

  constructor(
    @Inject(DELIVERIES) private readonly deliveries: DeliverWebhook,
    @Inject(NOTIFICATIONS_CONFIG) private readonly config: NotificationsConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    this.running = true;
    this.loops = Array.from({ length: this.config.webhookConcurrency }, () => this.run());
  }

  async onApplicationShutdown(): Promise<void> {
    this.running = false;
    await Promise.all(this.loops);
  }

  private async run(): Promise<void> {
    while (this.running) {
      let handled = false;
      try {
        handled = await this.deliveries.next();
      } catch (error) {
        this.logger.error({ err: error }, 'delivering a webhook failed; trying again shortly');
      }
      if (!handled) {
        await patientSleep(this.config.webhookPollIntervalMs, { keepGoing: () => this.running, tickMs: 50 });
      }
    }
  }
}
