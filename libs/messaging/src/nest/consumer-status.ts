import { Injectable } from '@nestjs/common';

/** Why the service's consumer is not running, while it is not: written by the messaging module, named by readiness. */
@Injectable()
export class ConsumerStatus {
  problem: string | undefined;
}
