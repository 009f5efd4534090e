/** Subscriptions' signing secrets at rest: the shared SecretCipher (libs/persistence) under WEBHOOK_SECRETS_KEY. */
import { SecretCipher } from '@rebound/persistence';

export function subscriptionSecretCipher(key: Buffer): SecretCipher {
  return new SecretCipher(key, 'WEBHOOK_SECRETS_KEY', 'subscription');
}
