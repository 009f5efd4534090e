import { CreateMessagingTables1795707556702 } from './1795707556702-CreateMessagingTables';
import { KeyInboxByTopic1795750001225 } from './1795750001225-KeyInboxByTopic';
import { ParkOutboxRows1796281960104 } from './1796281960104-ParkOutboxRows';
import { IndexInboxByAge1796281985892 } from './1796281985892-IndexInboxByAge';
import { CreateParkedEvents1796512000000 } from './1796512000000-CreateParkedEvents';

import type { MigrationInterface } from 'typeorm';

/** The messaging tables' migrations, which every service's schema runs before its own. */
export const messagingMigrations = [
  CreateMessagingTables1795707556702,
  KeyInboxByTopic1795750001225,
  ParkOutboxRows1796281960104,
  IndexInboxByAge1796281985892,
  CreateParkedEvents1796512000000,
];

/**
 * Every migration of a service's schema, in order: the messaging tables', then its own. The service at
 * start and its migrate CLI both run this list.
 */
export function serviceMigrations(own: readonly (new () => MigrationInterface)[]): (new () => MigrationInterface)[] {
  return [...messagingMigrations, ...own];
}
