/** Runs ExpireOverdue every EXPIRY_SWEEP_INTERVAL_MS while the service runs; shutdown waits for a sweep in progress. */
import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { Logger } from '@rebound/observability';
import type { PickupsConfig } from '../config/pickups-config';
import type { Clock, TransactionRunner } from '../domain/ports';
import { ExpireOverdue } from '../domain/use-cases/expire-overdue/expire-overdue';
import { CLOCK, LOGGER, PICKUPS_CONFIG, TRANSACTIONS } from '../providers';

@Injectable()
export class ExpirySweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly expireOverdue: ExpireOverdue;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;

  constructor(
    @Inject(TRANSACTIONS) transactions: TransactionRunner,
    @Inject(CLOCK) clock: Clock,
    @Inject(PICKUPS_CONFIG) private readonly config: PickupsConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.expireOverdue = new ExpireOverdue(transactions, clock);
  }

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.sweep(), this.config.expirySweepIntervalMs);
  }

  /** One sweep now (or the one already running); how many pickups it gave up. */
  sweep(): Promise<number> {
    this.running ??= this.expireOverdue
      .execute()
      .then((expired) => {
        if (expired > 0) this.logger.info({ expired }, 'overdue labels and bookings given up');
        return expired;
      })
      .catch((error: unknown) => {
        this.logger.error({ err: error }, 'expiry sweep failed; trying again at the next interval');
        return 0;
      })
      .finally(() => {
        this.running = undefined;
      });
    return this.running;
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }
}
