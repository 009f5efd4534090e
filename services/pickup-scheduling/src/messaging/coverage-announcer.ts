/**
 * At start, announces every partner's coverage once more (AnnounceCoverage): the topic is compacted,
 * so this costs a message per partner, and a reader that starts from an empty read model learns
 * every partner without asking this service.
 */
import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { TRANSACTIONS } from '@rebound/service';
import type { Logger } from '@rebound/observability';
import type { TransactionRunner } from '../domain/ports';
import { AnnounceCoverage } from '../domain/use-cases/announce-coverage/announce-coverage';
import { LOGGER } from '../providers';

@Injectable()
export class CoverageAnnouncer implements OnApplicationBootstrap {
  constructor(
    @Inject(TRANSACTIONS) private readonly transactions: TransactionRunner,
    private readonly announceCoverage: AnnounceCoverage,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const partners = await this.transactions.run((tx) => this.announceCoverage.execute(tx));
    this.logger.info({ partners }, 'partner coverage announced');
  }
}
