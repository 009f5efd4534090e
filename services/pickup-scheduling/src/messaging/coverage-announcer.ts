/**
 * At start, announces every partner's coverage once more: the topic is compacted, so this costs a
 * message per partner, and a reader that starts from an empty read model (or one that lost
 * messages to compaction of a deleted key) learns every partner without asking this service.
 */
import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import type { Logger } from '@rebound/observability';
import type { PickupsConfig } from '../config/pickups-config';
import type { Clock, TransactionRunner } from '../domain/ports';
import { announceAllCoverage } from '../domain/use-cases/announce-coverage/announce-coverage';
import { CLOCK, LOGGER, PICKUPS_CONFIG, TRANSACTIONS } from '../providers';

@Injectable()
export class CoverageAnnouncer implements OnApplicationBootstrap {
  constructor(
    @Inject(TRANSACTIONS) private readonly transactions: TransactionRunner,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(PICKUPS_CONFIG) private readonly config: PickupsConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const partners = await announceAllCoverage(this.transactions, this.config, this.clock.now());
    this.logger.info({ partners }, 'partner coverage announced');
  }
}
