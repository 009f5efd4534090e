import { CreateMessagingTables1795707556702 } from './1795707556702-CreateMessagingTables';

/** Add these to every service DataSource's migrations, before the service's own. */
export const messagingMigrations = [CreateMessagingTables1795707556702];
