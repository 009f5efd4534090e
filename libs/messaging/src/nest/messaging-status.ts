import { Injectable } from '@nestjs/common';

/**
 * Why the service's messaging cannot work now, while it cannot: written by the messaging module as
 * the consumer and the outbox relay start, crash and recover, and named by readiness.
 */
@Injectable()
export class MessagingStatus {
  consumer: string | undefined;
  relay: string | undefined;

  problem(): string | undefined {
    return this.consumer ?? this.relay;
  }
}
