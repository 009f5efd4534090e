import { CreateMessagingTables1795707556702 } from './1795707556702-CreateMessagingTables';
import { KeyInboxByTopic1795750001225 } from './1795750001225-KeyInboxByTopic';
import { IndexInboxByAge1796281985892 } from './1796281985892-IndexInboxByAge';

/** Add these to every service DataSource's migrations, before the service's own. */
export const messagingMigrations = [
  CreateMessagingTables1795707556702,
  KeyInboxByTopic1795750001225,
  IndexInboxByAge1796281985892,
];
