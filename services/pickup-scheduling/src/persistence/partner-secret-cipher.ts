/** Partners' webhook secrets at rest: the shared SecretCipher (libs/persistence) under PARTNER_SECRETS_KEY. */
import { SecretCipher } from '@rebound/persistence';

export function partnerSecretCipher(key: Buffer): SecretCipher {
  return new SecretCipher(key, 'PARTNER_SECRETS_KEY', 'partner');
}
