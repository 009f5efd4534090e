import { EventClass } from '../../event-payload';
import { StoreCreditBalanceChanged } from './store-credit-balance-changed.event';

/** Every event on `refunds.store-credit.v1`. */
export const StoreCreditEvents = [StoreCreditBalanceChanged] as const satisfies readonly EventClass[];
