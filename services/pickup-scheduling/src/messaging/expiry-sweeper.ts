/**
 * Runs ExpireOverdue every EXPIRY_SWEEP_INTERVAL_MS while the service runs, a batch per transaction
 * until nothing overdue is left; shutdown waits for a sweep in progress.
 */
import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { TRANSACTIONS } from '@rebound/service';
import type { Logger } from '@rebound/observability';
import type { PickupsConfig } from '../config/pickups-config';
import type { TransactionRunner } from '../domain/ports';
import { EXPIRY_BATCH, ExpireOverdue } from '../domain/use-cases/expire-overdue/expire-overdue';
import { LOGGER, PICKUPS_CONFIG } from '../providers';

@Injectable()
export class ExpirySweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;

  constructor(
    @Inject(TRANSACTIONS) private readonly transactions: TransactionRunner,
    private readonly expireOverdue: ExpireOverdue,
    @Inject(PICKUPS_CONFIG) private readonly config: PickupsConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.sweep(), this.config.expirySweepIntervalMs);
  }

  /** One sweep now (or the one already running); how many pickups it gave up. */
  sweep(): Promise<number> {
    this.running ??= this.expireAll()
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

  private async expireAll(): Promise<number> {
    let total = 0;
    for (;;) {
      const expired = await this.transactions.run((tx) => this.expireOverdue.execute(tx));
      total += expired;
      if (expired < EXPIRY_BATCH) return total;
    }
  }
}
