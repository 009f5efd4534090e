import { CreateWarehouseQc1795740755602 } from './1795740755602-CreateWarehouseQc';

/** In the order they apply; a landed migration is never edited, only followed by a new one. */
export const qcMigrations = [CreateWarehouseQc1795740755602];
