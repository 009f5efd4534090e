import type { MigrationInterface } from 'typeorm';
import type { SecretCipher } from '@rebound/persistence';
import { CreatePickupScheduling1795738675399 } from './1795738675399-CreatePickupScheduling';
import { encryptPartnerSecrets } from './1796213950849-EncryptPartnerSecrets';
import { RecordPartnerChangers1796215693782 } from './1796215693782-RecordPartnerChangers';
import { IndexRejectedTrackingByAge1796290000000 } from './1796290000000-IndexRejectedTrackingByAge';
import { IndexPickupLists1796500000000 } from './1796500000000-IndexPickupLists';
import { RecordRejectedTrackingOnce1797000000000 } from './1797000000000-RecordRejectedTrackingOnce';

/**
 * In the order they apply; a landed migration is never edited, only followed by a new one. `cipher`:
 * the partners' secrets are sealed under the configured key as they are migrated.
 */
export function pickupsMigrations(cipher: SecretCipher): (new () => MigrationInterface)[] {
  return [
    CreatePickupScheduling1795738675399,
    encryptPartnerSecrets(cipher),
    RecordPartnerChangers1796215693782,
    IndexRejectedTrackingByAge1796290000000,
    IndexPickupLists1796500000000,
    RecordRejectedTrackingOnce1797000000000,
  ];
}
