/**
 * Pays due refunds in the background, one at a time, for as long as the service runs; replicas share
 * the work (each due refund is claimed by one). Stopping waits for the call in flight to be recorded.
 */
import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { patientSleep } from '@rebound/kernel';
import type { Logger } from '@rebound/observability';
import type { ProcessPayment } from '../domain/processes/process-payment';
import { LOGGER, PAYMENTS, REFUNDS_CONFIG } from '../providers';
import type { RefundsConfig } from '../config/refunds-config';

@Injectable()
export class PaymentWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  private running = false;
  private loop: Promise<void> | undefined;

  constructor(
    @Inject(PAYMENTS) private readonly payments: ProcessPayment,
    @Inject(REFUNDS_CONFIG) private readonly config: RefundsConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    this.running = true;
    this.loop = this.run();
  }

  async onApplicationShutdown(): Promise<void> {
    this.running = false;
    await this.loop;
  }

  private async run(): Promise<void> {
    while (this.running) {
      let handled = false;
      try {
        handled = await this.payments.next();
      } catch (error) {
        this.logger.error({ err: error }, 'paying a due refund failed; trying again shortly');
      }
      if (!handled) {
        await patientSleep(this.config.paymentPollIntervalMs, { keepGoing: () => this.running, tickMs: 50 });
      }
    }
  }
}
