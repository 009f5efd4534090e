import { CreateReturnsIntake1795714859778 } from './1795714859778-CreateReturnsIntake';
import { AddPolicyLogistics1795739468425 } from './1795739468425-AddPolicyLogistics';
import { AddPartnerCoverage1796193874534 } from './1796193874534-AddPartnerCoverage';
import { AddOrderPaymentsAndRefundStates1796194100000 } from './1796194100000-AddOrderPaymentsAndRefundStates';
import { AddActors1796400000000 } from './1796400000000-AddActors';
import { IndexIdempotencyKeysByAge1796410000000 } from './1796410000000-IndexIdempotencyKeysByAge';
import { AddReturnProgress1796500000000 } from './1796500000000-AddReturnProgress';
import { AddCatalogue1796600000000 } from './1796600000000-AddCatalogue';
import { AddExchanges1796700000000 } from './1796700000000-AddExchanges';
import { AddExchangeRelease1796710000000 } from './1796710000000-AddExchangeRelease';

/** In the order they apply; a landed migration is never edited, only followed by a new one. */
export const intakeMigrations = [
  CreateReturnsIntake1795714859778,
  AddPolicyLogistics1795739468425,
  AddPartnerCoverage1796193874534,
  AddOrderPaymentsAndRefundStates1796194100000,
  AddActors1796400000000,
  IndexIdempotencyKeysByAge1796410000000,
  AddReturnProgress1796500000000,
  AddCatalogue1796600000000,
  AddExchanges1796700000000,
  AddExchangeRelease1796710000000,
];
