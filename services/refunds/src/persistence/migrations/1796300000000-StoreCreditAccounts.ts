/**
 * Store credit becomes a balance a customer can spend: an account per customer and currency whose
 * balance never goes below zero, a ledger of every change (issued, bonus, redeemed, reversed,
 * expired) with the balance after it, and the checkout's redemptions under their idempotency keys.
 *
 * The old `store_credit_entries` rows move into the ledger in the order they were recorded: a
 * positive row becomes `issued`, a negative one `reversed`. A reversal takes at most what the balance
 * held, as reversals do from now on: when old data clawed back more than the customer had, the entry
 * keeps only what it took (the running balance is clamped to 0), and a reversal that found nothing
 * to take leaves no entry. The full claw-back stays recorded in `adjustments`. The account balance is
 * the last entry's balance after, so the ledger always adds up to it.
 *
 * down() puts the old table back with the ledger's refund entries (issued and bonus as separate
 * rows); redemptions, which the old table cannot hold, are lost.
 */
import { MigrationInterface, QueryRunner } from 'typeorm';

export class StoreCreditAccounts1796300000000 implements MigrationInterface {
  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE store_credit_accounts (
        customer_id text NOT NULL,
        currency char(3) NOT NULL,
        balance_minor bigint NOT NULL CHECK (balance_minor >= 0),
        updated_at timestamptz NOT NULL,
        PRIMARY KEY (customer_id, currency)
      )`);
    await runner.query(`
      CREATE TABLE store_credit_redemptions (
        redemption_id uuid PRIMARY KEY,
        customer_id text NOT NULL,
        currency char(3) NOT NULL,
        amount_minor bigint NOT NULL CHECK (amount_minor > 0),
        order_id text,
        idempotency_key text NOT NULL,
        client_id text NOT NULL,
        request_hash text NOT NULL,
        recorded_at timestamptz NOT NULL,
        CONSTRAINT store_credit_redemptions_key_uq UNIQUE (client_id, idempotency_key)
      )`);
    await runner.query(`
      CREATE TABLE store_credit_ledger (
        entry_id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        customer_id text NOT NULL,
        currency char(3) NOT NULL,
        kind text NOT NULL CHECK (kind IN ('issued', 'bonus', 'redeemed', 'reversed', 'expired')),
        amount_minor bigint NOT NULL CHECK (
          (kind IN ('issued', 'bonus') AND amount_minor > 0) OR (kind NOT IN ('issued', 'bonus') AND amount_minor < 0)
        ),
        balance_after_minor bigint NOT NULL CHECK (balance_after_minor >= 0),
        refund_id uuid REFERENCES refunds (refund_id),
        redemption_id uuid REFERENCES store_credit_redemptions (redemption_id),
        order_id text,
        actor_subject text,
        actor_client_id text,
        recorded_at timestamptz NOT NULL,
        FOREIGN KEY (customer_id, currency) REFERENCES store_credit_accounts (customer_id, currency)
      )`);
    await runner.query(
      'CREATE INDEX store_credit_ledger_customer_idx ON store_credit_ledger (customer_id, currency, entry_id)',
    );
    await runner.query(
      'CREATE INDEX store_credit_ledger_customer_all_idx ON store_credit_ledger (customer_id, entry_id)',
    );
    await this.moveOldEntries(runner);
    await runner.query('DROP TABLE store_credit_entries');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE store_credit_entries (
        entry_id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        customer_id text NOT NULL,
        refund_id uuid NOT NULL REFERENCES refunds (refund_id),
        currency char(3) NOT NULL,
        amount_minor bigint NOT NULL,
        recorded_at timestamptz NOT NULL
      )`);
    await runner.query('CREATE INDEX store_credit_customer_idx ON store_credit_entries (customer_id, entry_id)');
    await runner.query(`
      INSERT INTO store_credit_entries (customer_id, refund_id, currency, amount_minor, recorded_at)
      SELECT customer_id, refund_id, currency, amount_minor, recorded_at FROM store_credit_ledger
       WHERE refund_id IS NOT NULL ORDER BY entry_id`);
    for (const table of ['store_credit_ledger', 'store_credit_redemptions', 'store_credit_accounts']) {
      await runner.query(`DROP TABLE ${table}`);
    }
  }

  private async moveOldEntries(runner: QueryRunner): Promise<void> {
    const rows: OldEntry[] = await runner.query(
      `SELECT customer_id, currency, refund_id, amount_minor::text AS amount, recorded_at FROM store_credit_entries
        ORDER BY customer_id, currency, entry_id`,
    );
    const accounts = new Map<string, { customerId: string; currency: string; balance: bigint; at: Date }>();
    const entries: { row: OldEntry; applied: bigint; balanceAfter: bigint }[] = [];
    for (const row of rows) {
      const key = `${row.customer_id} ${row.currency}`;
      const held = accounts.get(key)?.balance ?? 0n;
      const amount = BigInt(row.amount);
      // A claw-back takes at most what the balance holds.
      const applied = amount < 0n && held + amount < 0n ? -held : amount;
      accounts.set(key, {
        customerId: row.customer_id,
        currency: row.currency,
        balance: held + applied,
        at: row.recorded_at,
      });
      if (applied !== 0n) entries.push({ row, applied, balanceAfter: held + applied });
    }
    for (const account of accounts.values()) {
      await runner.query(
        'INSERT INTO store_credit_accounts (customer_id, currency, balance_minor, updated_at) VALUES ($1, $2, $3, $4)',
        [account.customerId, account.currency, account.balance.toString(), account.at],
      );
    }
    for (const { row, applied, balanceAfter } of entries) {
      await runner.query(
        `INSERT INTO store_credit_ledger (customer_id, currency, kind, amount_minor, balance_after_minor, refund_id,
                                          recorded_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [
          row.customer_id,
          row.currency,
          applied > 0n ? 'issued' : 'reversed',
          applied.toString(),
          balanceAfter.toString(),
          row.refund_id,
          row.recorded_at,
        ],
      );
    }
  }
}

interface OldEntry {
  readonly customer_id: string;
  readonly currency: string;
  readonly refund_id: string;
  readonly amount: string;
  readonly recorded_at: Date;
}
