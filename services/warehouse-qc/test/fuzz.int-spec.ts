/**
 * The fuzz suite for warehouse-qc: hundreds of hostile inputs on every edge — each REST operation,
 * each consumed topic — each refused specifically (a 400 naming the field, a dead letter saying
 * why), none a 5xx, and the schema unchanged. FUZZ_SEED=<seed> replays a run.
 */
import { join } from 'node:path';
import { ParcelDeliveredToWarehouse, ReturnApproved, Services, type EventClass } from '@rebound/contracts';
import { fuzzConsumedEvents } from '@rebound/messaging/testing';
import { committedDocument, expectEdgeHolds, fuzzRest, fuzzSeed } from '@rebound/testing';
import { APPAREL_CHECKLIST, allGood, approvedReturn, arrival } from './support/fixtures';
import { useQcWorld } from './support/qc-world';

jest.setTimeout(600_000);

const seed = fuzzSeed();

describe('warehouse-qc under hostile input', () => {
  const world = useQcWorld('qc-fuzz');

  it('refuses every hostile REST request with a specific 4xx and changes nothing', async () => {
    // Claimed by the trusted caller the fuzzer calls as, so that every finding is judged against its
    // lines and the grading rules.
    const approved = approvedReturn();
    await world().publish(ReturnApproved, approved, approved.returnId);
    await world().publish(ParcelDeliveredToWarehouse, arrival(approved), approved.returnId);
    const { inspectionId } = await world().inspectionOf(approved.returnId);
    const claim = await world().http('POST', `/v1/inspections/${inspectionId}/claim`);
    expect(claim.status).toBe(200);

    await expectEdgeHolds('warehouse-qc REST', world().schema, seed, async () =>
      fuzzRest(await committedDocument(join(__dirname, '../openapi.json')), {
        baseUrl: world().app.httpUrl,
        caller: world().trustedCaller,
        perOperation: 150,
        seed,
        pathValues: { inspectionId, lineId: 'jacket', returnId: approved.returnId, warehouseId: 'wh-berlin' },
        samples: { 'PUT /v1/inspections/{inspectionId}/lines/{lineId}': allGood(2, APPAREL_CHECKLIST) },
      }),
    );
  });

  it('dead-letters every hostile event on every topic it consumes, saying why, and applies none', async () => {
    const approved = approvedReturn();
    const samples = new Map<EventClass, object>([
      [ReturnApproved, approved],
      [ParcelDeliveredToWarehouse, arrival(approved)],
    ]);
    await expectEdgeHolds('warehouse-qc Kafka', world().schema, seed, () =>
      fuzzConsumedEvents(world().app.app, {
        namespace: world().namespace,
        service: Services.warehouseQc,
        samples,
        subject: approved.returnId,
        perTopic: 300,
        seed,
      }),
    );
  });
});
