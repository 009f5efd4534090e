import { CreateInventory1795750937419 } from './1795750937419-CreateInventory';
import { RecordMovers1796215562893 } from './1796215562893-RecordMovers';
import { IndexLedgerCheck1796500000000 } from './1796500000000-IndexLedgerCheck';
import { HoldReplacements1796900000000 } from './1796900000000-HoldReplacements';

/** In the order they apply; a landed migration is never edited, only followed by a new one. */
export const inventoryMigrations = [
  CreateInventory1795750937419,
  RecordMovers1796215562893,
  IndexLedgerCheck1796500000000,
  HoldReplacements1796900000000,
];
