/**
 * Stuck returns: a return that has rested in its status longer than the status allows is listed for
 * ops (`GET /v1/returns/stuck`) and counted in `rebound_returns_stuck`; one that progressed — its
 * status moved, or a fact reached its timeline — is not, and an ended return never is; returns from
 * before the upgrade take their latest status change or fact. Time passes by moving a return's last
 * progress back in the database, as if it had waited that long.
 */
import { randomUUID } from 'node:crypto';
import { waitUntil } from '@rebound/testing';
import { AddReturnProgress1796500000000 } from '../src/persistence/migrations/1796500000000-AddReturnProgress';
import { useIntakeWorld } from './support/intake-world';
import { Fact, ReturnUnderTest, happyJourney, pickupGivesUp } from './support/lifecycle-facts';
import { rollBackMigration } from './support/roll-back';
import { approvedReturn } from './support/orders';

jest.setTimeout(60_000);

const HOUR = 3600;
const DAY = 24 * HOUR;

describe('stuck returns', () => {
  // Counted at every scrape, so the gauge shows each step at once.
  const world = useIntakeWorld('intake-stuck', { STUCK_GAUGE_REFRESH_SECONDS: '0' });

  /** As if the return had not progressed for `seconds` more. */
  async function rest(subject: ReturnUnderTest, seconds: number): Promise<void> {
    await world().schema.query(
      `UPDATE returns SET progressed_at = progressed_at - make_interval(secs => $2) WHERE return_id = $1`,
      [subject.returnId, seconds],
    );
  }

  async function publish(subject: ReturnUnderTest, fact: Fact): Promise<void> {
    await world().publish(fact.eventClass, fact.data, subject.returnId, {
      id: fact.id,
      time: fact.time,
      source: fact.source,
    });
  }

  async function timelineOf(subject: ReturnUnderTest, entries: number): Promise<{ status: string }> {
    return waitUntil(`${entries} timeline entries on ${subject.returnId}`, async () => {
      const answer = await world().http('GET', `/v1/returns/${subject.returnId}`);
      return answer.body.timeline.length >= entries && answer.body;
    });
  }

  async function stuckIds(query = ''): Promise<string[]> {
    const answer = await world().http('GET', `/v1/returns/stuck${query}`);
    expect(answer.status).toBe(200);
    return answer.body.items.map((item: { returnId: string }) => item.returnId);
  }

  async function gauge(): Promise<Record<string, number>> {
    const text = await (await fetch(`${world().app.httpUrl}/metrics`)).text();
    return Object.fromEntries(
      [...text.matchAll(/^rebound_returns_stuck\{status="(\w+)"\} (\d+)$/gm)].map(([, status, count]) => [
        status,
        Number(count),
      ]),
    );
  }

  it('lists and counts a return resting beyond its status’s threshold, not one that moved or ended', async () => {
    const forgotten = await approvedReturn(world());
    const booked = await approvedReturn(world());
    const rebooked = await approvedReturn(world());
    const cancelled = await approvedReturn(world());
    const fresh = await approvedReturn(world());

    // Approved for three hours (two are allowed): ReturnApproved never got booked.
    await rest(forgotten, 3 * HOUR);
    // As long, and then pickup-scheduling booked it: its status moved just now.
    await rest(booked, 3 * HOUR);
    await publish(booked, happyJourney(booked).scheduled);
    expect((await timelineOf(booked, 3)).status).toBe('awaiting_pickup');
    // Awaiting pickup for eight days (seven are allowed), then a failed attempt: still in progress.
    const scheduled = happyJourney(rebooked).scheduled;
    await publish(rebooked, scheduled);
    expect((await timelineOf(rebooked, 3)).status).toBe('awaiting_pickup');
    await rest(rebooked, 8 * DAY);
    expect(await stuckIds('?status=awaiting_pickup')).toEqual([rebooked.returnId]);
    const [attemptFailed] = pickupGivesUp(scheduled, 2);
    await publish(rebooked, attemptFailed);
    expect((await timelineOf(rebooked, 4)).status).toBe('awaiting_pickup');
    // Ended a month ago: ended returns never wait for anything.
    expect((await world().http('POST', `/v1/returns/${cancelled.returnId}/cancel`, {})).body.status).toBe('cancelled');
    await rest(cancelled, 30 * DAY);

    const answer = await world().http('GET', '/v1/returns/stuck');
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      items: [
        expect.objectContaining({
          returnId: forgotten.returnId,
          status: 'approved',
          progressedAt: expect.any(String),
          thresholdSeconds: 2 * HOUR,
        }),
      ],
      nextCursor: null,
    });
    const [item] = answer.body.items;
    expect(item.stuckForSeconds).toBeGreaterThanOrEqual(3 * HOUR);
    expect(item.stuckForSeconds).toBeLessThan(3 * HOUR + 60);
    expect(Date.now() - Date.parse(item.progressedAt)).toBeGreaterThanOrEqual(3 * HOUR * 1000);
    expect(await stuckIds()).not.toContain(fresh.returnId);
    expect(await gauge()).toEqual({
      requested: 0,
      pending_review: 0,
      approved: 1,
      awaiting_pickup: 0,
      awaiting_dropoff: 0,
      in_transit: 0,
      received: 0,
      inspected: 0,
      refunded: 0,
    });
  });

  it('pages longest-stuck first with the list’s cursor, and filters by status', async () => {
    const older = await approvedReturn(world());
    const newer = await approvedReturn(world());
    await rest(older, 10 * DAY);
    await rest(newer, 9 * DAY);

    const first = await world().http('GET', '/v1/returns/stuck?limit=1');
    expect(first.body.items.map((item: { returnId: string }) => item.returnId)).toEqual([older.returnId]);
    const second = await world().http('GET', `/v1/returns/stuck?limit=1&cursor=${first.body.nextCursor}`);
    expect(second.body.items.map((item: { returnId: string }) => item.returnId)).toEqual([newer.returnId]);
    expect(await stuckIds('?status=approved')).toEqual(expect.arrayContaining([older.returnId, newer.returnId]));
    expect(await stuckIds('?status=in_transit')).toEqual([]);
    expect((await gauge())['approved']).toBeGreaterThanOrEqual(2);
  });

  it('is for ops only: a caller who may read and review returns, or a customer, gets 403', async () => {
    const { issuer } = world();
    const agent = {
      authorization: `Bearer ${await issuer.token({ permissions: ['returns:read', 'returns:review'] })}`,
    };
    const customer = { authorization: `Bearer ${await issuer.token({ customerId: 'customer-1' })}` };
    const ops = { authorization: `Bearer ${await issuer.token({ permissions: ['returns:operate'] })}` };

    for (const caller of [agent, customer]) {
      const refused = await world().http('GET', '/v1/returns/stuck', undefined, caller);
      expect(refused.status).toBe(403);
      expect(refused.body).toMatchObject({ type: 'https://rebound.dev/problems/permission-missing' });
    }
    expect((await world().http('GET', '/v1/returns/stuck', undefined, ops)).status).toBe(200);
  });

  it('refuses a status returns never wait in and a cursor it did not issue, naming the field', async () => {
    const ended = await world().http('GET', '/v1/returns/stuck?status=completed');
    expect(ended.status).toBe(400);
    expect(ended.body.errors).toEqual([expect.objectContaining({ field: 'status' })]);
    const forged = await world().http('GET', '/v1/returns/stuck?cursor=bm90LWEtY3Vyc29y');
    expect(forged.status).toBe(400);
  });

  // Last: the upgrade gives every return of the schema its progress anew.
  it('gives returns from before their latest status change or timeline fact, never a time to come', async () => {
    const [moved, heard, ahead] = [
      await approvedReturn(world()),
      await approvedReturn(world()),
      await approvedReturn(world()),
    ];
    const fact = (subject: ReturnUnderTest, occurredAt: string) =>
      world().schema.query(
        `INSERT INTO return_timeline (event_id, return_id, event_type, source, occurred_at, status_after, details)
         VALUES ($1, $2, 'PickupAttemptFailed', '/rebound/pickup-scheduling', ${occurredAt}, 'approved', '{}')`,
        [randomUUID(), subject.returnId],
      );

    await world().restart(async () => {
      await rollBackMigration(world().schema, AddReturnProgress1796500000000);
      await world().schema.query(`UPDATE returns SET updated_at = now() - interval '5 days'`);
      await world().schema.query(`UPDATE return_timeline SET occurred_at = now() - interval '6 days'`);
      await fact(heard, `now() - interval '1 day'`);
      await fact(ahead, `now() + interval '1 day'`);
    });

    const rows: { return_id: string; age: number }[] = await world().schema.query(
      `SELECT return_id, extract(epoch FROM now() - progressed_at)::int AS age FROM returns WHERE return_id = ANY($1)`,
      [[moved, heard, ahead].map((subject) => subject.returnId)],
    );
    const age = Object.fromEntries(rows.map((row) => [row.return_id, Math.round(row.age / DAY)]));
    expect(age).toEqual({ [moved.returnId]: 5, [heard.returnId]: 1, [ahead.returnId]: 0 });
    expect(await stuckIds('?status=approved')).toEqual(expect.arrayContaining([moved.returnId, heard.returnId]));
  });
});
