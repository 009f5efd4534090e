import { CreateInventory1795750937419 } from './1795750937419-CreateInventory';

/** In the order they apply; a landed migration is never edited, only followed by a new one. */
export const inventoryMigrations = [CreateInventory1795750937419];
