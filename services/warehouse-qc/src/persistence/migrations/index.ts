import { CreateWarehouseQc1795740755602 } from './1795740755602-CreateWarehouseQc';
import { RememberInspectionTrace1796200000000 } from './1796200000000-RememberInspectionTrace';
import { RememberClaimantClient1796212651153 } from './1796212651153-RememberClaimantClient';

/** In the order they apply; a landed migration is never edited, only followed by a new one. */
export const qcMigrations = [
  CreateWarehouseQc1795740755602,
  RememberInspectionTrace1796200000000,
  RememberClaimantClient1796212651153,
];
