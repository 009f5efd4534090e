import { CreatePickupScheduling1795738675399 } from './1795738675399-CreatePickupScheduling';

/** In the order they apply; a landed migration is never edited, only followed by a new one. */
export const pickupsMigrations = [CreatePickupScheduling1795738675399];
