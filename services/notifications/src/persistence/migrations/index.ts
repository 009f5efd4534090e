import { CreateNotifications1796600000000 } from './1796600000000-CreateNotifications';

/** In the order they apply; a landed migration is never edited, only followed by a new one. */
export const notificationsMigrations = [CreateNotifications1796600000000];
