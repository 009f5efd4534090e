/**
 * notifications' own metrics, served with every service's at GET /metrics: attempts by outcome and
 * subscriptions disabled (counted by this replica as it works), and the retry backlog and the age of
 * the oldest pending delivery (read from the database at each scrape, so exact across replicas).
 * It is also the delivery worker's observer: a subscription disabled for failing is an error line
 * for ops, with the subscription, its URL and the last failure.
 */
import { Inject, Injectable } from '@nestjs/common';
import { Counter, Gauge } from 'prom-client';
import { DataSource } from 'typeorm';
import type { Logger } from '@rebound/observability';
import { ServiceMetrics } from '@rebound/service';
import type { AttemptResult } from '../domain/delivery';
import type { ClaimedDelivery } from '../domain/ports';
import type { DeliveryObserver } from '../domain/processes/deliver-webhook';
import { LOGGER } from '../providers';

@Injectable()
export class WebhookMetrics implements DeliveryObserver {
  private readonly attempts: Counter<'outcome'>;
  private readonly disabled: Counter;

  constructor(
    metrics: ServiceMetrics,
    dataSource: DataSource,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.attempts = new Counter({
      name: 'rebound_webhook_attempts_total',
      help: 'Webhook delivery attempts by outcome: delivered (2xx), refused (any other answer), unreachable (no answer, timeout, destination not allowed).',
      labelNames: ['outcome'],
      registers: [metrics.registry],
    });
    this.disabled = new Counter({
      name: 'rebound_webhook_subscriptions_disabled_total',
      help: 'Subscriptions disabled because a delivery kept failing for the whole retry period.',
      registers: [metrics.registry],
    });
    new Gauge({
      name: 'rebound_webhook_backlog',
      help: 'Deliveries pending: not yet attempted, or waiting for their next retry.',
      registers: [metrics.registry],
      async collect() {
        const [row] = await dataSource.query(
          `SELECT count(*)::int AS count FROM webhook_deliveries WHERE status = 'pending'`,
        );
        this.set(Number(row.count));
      },
    });
    new Gauge({
      name: 'rebound_webhook_oldest_pending_seconds',
      help: 'Age of the oldest pending delivery of an active subscription (0 when none).',
      registers: [metrics.registry],
      async collect() {
        const [row] = await dataSource.query(
          `SELECT coalesce(extract(epoch FROM now() - min(d.created_at)), 0)::float AS age
             FROM webhook_deliveries d JOIN webhook_subscriptions s USING (subscription_id)
            WHERE d.status = 'pending' AND s.active`,
        );
        this.set(Number(row.age));
      },
    });
  }

  attempted(_claimed: ClaimedDelivery, result: AttemptResult): void {
    this.attempts.inc({ outcome: result.outcome });
  }

  gaveUp(claimed: ClaimedDelivery, result: AttemptResult): void {
    this.disabled.inc();
    this.logger.error(
      {
        subscriptionId: claimed.delivery.subscriptionId,
        deliveryId: claimed.delivery.deliveryId,
        url: claimed.url,
        attempts: claimed.delivery.attempts,
        lastError: 'error' in result ? result.error : undefined,
      },
      'webhook subscription disabled: a delivery kept failing for the whole retry period; fix the receiver, then re-activate it and redeliver',
    );
  }
}
