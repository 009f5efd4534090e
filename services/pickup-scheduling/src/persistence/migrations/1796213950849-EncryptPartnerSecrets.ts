/**
 * Partners' webhook secrets encrypted at rest (see SecretCipher in libs/persistence): each plaintext secret is sealed
 * under PARTNER_SECRETS_KEY into `webhook_secret_sealed` and the plaintext column is dropped. Beside
 * it, what rotation needs — the previous secret (sealed) and when it stops verifying, when and by
 * whom the secret was last rotated — and the OAuth client a partner's webhook may authenticate as.
 * The key comes from the configuration, so the migration is made for it (`encryptPartnerSecrets`).
 */
import type { MigrationInterface, QueryRunner } from 'typeorm';
import type { SecretCipher } from '@rebound/persistence';

type Row = Record<string, unknown>;

export function encryptPartnerSecrets(cipher: SecretCipher): new () => MigrationInterface {
  return class EncryptPartnerSecrets1796213950849 implements MigrationInterface {
    readonly name = 'EncryptPartnerSecrets1796213950849';

    async up(runner: QueryRunner): Promise<void> {
      await runner.query(`
        ALTER TABLE partners
          ADD COLUMN webhook_secret_sealed text,
          ADD COLUMN previous_webhook_secret_sealed text,
          ADD COLUMN previous_webhook_secret_expires_at timestamptz,
          ADD COLUMN webhook_secret_rotated_at timestamptz,
          ADD COLUMN webhook_secret_rotated_by jsonb,
          ADD COLUMN oauth_client_id text,
          ADD CONSTRAINT partners_previous_secret_expires_check
            CHECK ((previous_webhook_secret_sealed IS NULL) = (previous_webhook_secret_expires_at IS NULL))`);
      const rows: Row[] = await runner.query('SELECT partner_id, webhook_secret FROM partners FOR UPDATE');
      for (const row of rows) {
        const partnerId = String(row['partner_id']);
        await runner.query('UPDATE partners SET webhook_secret_sealed = $2 WHERE partner_id = $1', [
          partnerId,
          cipher.seal(partnerId, String(row['webhook_secret'])),
        ]);
      }
      await runner.query(`
        ALTER TABLE partners ALTER COLUMN webhook_secret_sealed SET NOT NULL, DROP COLUMN webhook_secret`);
    }

    /** Back to one plaintext secret: a previous secret still in its overlap stops verifying. */
    async down(runner: QueryRunner): Promise<void> {
      await runner.query('ALTER TABLE partners ADD COLUMN webhook_secret text');
      const rows: Row[] = await runner.query('SELECT partner_id, webhook_secret_sealed FROM partners FOR UPDATE');
      for (const row of rows) {
        const partnerId = String(row['partner_id']);
        await runner.query('UPDATE partners SET webhook_secret = $2 WHERE partner_id = $1', [
          partnerId,
          cipher.open(partnerId, String(row['webhook_secret_sealed'])),
        ]);
      }
      await runner.query(`
        ALTER TABLE partners
          ALTER COLUMN webhook_secret SET NOT NULL,
          DROP CONSTRAINT partners_previous_secret_expires_check,
          DROP COLUMN webhook_secret_sealed,
          DROP COLUMN previous_webhook_secret_sealed,
          DROP COLUMN previous_webhook_secret_expires_at,
          DROP COLUMN webhook_secret_rotated_at,
          DROP COLUMN webhook_secret_rotated_by,
          DROP COLUMN oauth_client_id`);
    }
  };
}
