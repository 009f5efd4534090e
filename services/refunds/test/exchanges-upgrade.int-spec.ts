/**
 * A database from before exchanges: every line of an approval kept then is a refund, and no return was
 * an instant exchange — so its inspection settles it as before. Going back leaves the phases and ledger
 * kinds it had.
 */
import { TestSchema } from '@rebound/testing';
import type { ApprovedTerms } from '../src/domain/refund-amount';
import { termsOf } from '../src/domain/use-cases/record-approval/record-approval';
import { refundsMigrations } from '../src/persistence/migrations';
import { Exchanges1796600000000 } from '../src/persistence/migrations/1796600000000-Exchanges';
import { approvedReturn } from './support/fixtures';
import { migrateSchema } from './support/migrate-schema';

const UPGRADE = refundsMigrations.indexOf(Exchanges1796600000000);

jest.setTimeout(60_000);

describe('upgrading approvals to resolutions', () => {
  let schema: TestSchema;

  beforeAll(async () => {
    schema = await TestSchema.create('refunds_exchanges_upgrade');
  });

  afterAll(async () => {
    await schema?.drop();
  });

  const migrate = (count: number, undo = false) => migrateSchema(schema, count, undo);

  it('reads every line of an approval kept before as a refund, and no return as an instant exchange', async () => {
    await migrate(UPGRADE);
    const terms = termsOf(approvedReturn());
    // As the terms were kept before: no resolutions, no instant exchange.
    const { instantExchange: _instantExchange, ...before } = terms;
    const old = { ...before, lines: terms.lines.map(({ resolution: _resolution, ...line }) => line) };
    await schema.query('INSERT INTO approvals (return_id, order_id, terms) VALUES ($1, $2, $3::jsonb)', [
      terms.returnId,
      terms.orderId,
      JSON.stringify(old),
    ]);

    await migrate(UPGRADE + 1);
    const [row] = await schema.query<{ terms: ApprovedTerms }>('SELECT terms FROM approvals WHERE return_id = $1', [
      terms.returnId,
    ]);
    expect(row.terms).toEqual(terms);

    await migrate(UPGRADE + 1, true);
    const constraint = await schema.query<{ check: string }>(
      `SELECT pg_get_constraintdef(c.oid) AS check FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
        WHERE c.conname = 'refunds_phase_check' AND n.nspname = $1`,
      [schema.name],
    );
    expect(constraint).toEqual([{ check: expect.not.stringContaining('exchange') }]);
  });
});
