import { CreateRefunds1795752186025 } from './1795752186025-CreateRefunds';
import { PayAgainstChargesAndRefundActions1796193776756 } from './1796193776756-PayAgainstChargesAndRefundActions';
import { RememberRefundTrace1796200000000 } from './1796200000000-RememberRefundTrace';
import { RecordActingClient1796210000000 } from './1796210000000-RecordActingClient';
import { StoreCreditAccounts1796300000000 } from './1796300000000-StoreCreditAccounts';
import { MoneyLedger1796310000000 } from './1796310000000-MoneyLedger';
import { ClawbackPerReversedRefund1796320000000 } from './1796320000000-ClawbackPerReversedRefund';
import { IndexPaymentAttemptsByAge1796330000000 } from './1796330000000-IndexPaymentAttemptsByAge';
import { IndexListsAndChecks1796500000000 } from './1796500000000-IndexListsAndChecks';
import { Exchanges1796600000000 } from './1796600000000-Exchanges';

/** In the order they apply; a landed migration is never edited, only followed by a new one. */
export const refundsMigrations = [
  CreateRefunds1795752186025,
  PayAgainstChargesAndRefundActions1796193776756,
  RememberRefundTrace1796200000000,
  RecordActingClient1796210000000,
  StoreCreditAccounts1796300000000,
  MoneyLedger1796310000000,
  ClawbackPerReversedRefund1796320000000,
  IndexPaymentAttemptsByAge1796330000000,
  IndexListsAndChecks1796500000000,
  Exchanges1796600000000,
];
