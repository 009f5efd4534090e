import { randomUUID } from 'node:crypto';
import { ParcelDeliveredToWarehouse, ReturnApproved } from '@rebound/contracts';
import { approvedLine, produce, waitUntil, withResolutions } from '@rebound/testing';
import { APPAREL_CHECKLIST, ELECTRONICS_CHECKLIST, approvedReturn, arrival } from './support/fixtures';
import { useQcWorld } from './support/qc-world';

jest.setTimeout(60_000);

describe('inspections', () => {
  const world = useQcWorld('qc-inspections');

  async function arrived(warehouseId = 'wh-berlin', overrides: Partial<ReturnApproved> = {}) {
    const approved = approvedReturn(overrides);
    await world().publish(ReturnApproved, approved, approved.returnId);
    await world().publish(ParcelDeliveredToWarehouse, arrival(approved, warehouseId), approved.returnId);
    return { approved, inspection: await world().inspectionOf(approved.returnId) };
  }

  /** The `Authorization` of one person: who acts is the token's subject, through the client it names. */
  function as(subject: string, permission = 'qc:inspect', clientId = 'rebound-warehouse') {
    return world().issuer.authorization({ subject, clientId, permissions: [permission] });
  }

  async function claimed(warehouseId = 'wh-berlin', inspectorId = 'inspector-1') {
    const opened = await arrived(warehouseId);
    const inspector = await as(inspectorId);
    const id = opened.inspection.inspectionId as string;
    const answer = await world().http('POST', `/v1/inspections/${id}/claim`, undefined, inspector);
    expect(answer.status).toBe(200);
    return { ...opened, id, inspector };
  }

  /** Completed as `state` says: held for a supervisor when the jacket came back one short, else completed. */
  async function inspected(jackets: number, state: 'held' | 'completed', warehouseId = 'wh-berlin') {
    const opened = await claimed(warehouseId);
    const { id, inspector } = opened;
    const line = (lineId: string, receivedQuantity: number, checklist: Record<string, boolean>) =>
      world().http(
        'PUT',
        `/v1/inspections/${id}/lines/${lineId}`,
        { receivedQuantity, grade: 'A', checklist },
        inspector,
      );
    await line('jacket', jackets, APPAREL_CHECKLIST);
    await line('phone', 1, ELECTRONICS_CHECKLIST);
    const answer = await world().http('POST', `/v1/inspections/${id}/complete`, undefined, inspector);
    expect(answer.body.state).toBe(state);
    return opened;
  }

  const held = (warehouseId?: string) => inspected(1, 'held', warehouseId);

  it('opens exactly one inspection when a parcel arrives, however often the arrival is delivered', async () => {
    const approved = approvedReturn();
    await world().publish(ReturnApproved, approved, approved.returnId);
    const delivered = arrival(approved);
    const id = randomUUID();
    await world().publish(ParcelDeliveredToWarehouse, delivered, approved.returnId, { id });
    await world().publish(ParcelDeliveredToWarehouse, delivered, approved.returnId, { id });
    await world().publish(ParcelDeliveredToWarehouse, delivered, approved.returnId);

    const inspection = await world().inspectionOf(approved.returnId);
    expect(inspection).toMatchObject({ warehouseId: 'wh-berlin', orderId: approved.orderId, state: 'pending' });
    expect(
      inspection.lines.map((line: { lineId: string; expectedQuantity: number }) => [
        line.lineId,
        line.expectedQuantity,
      ]),
    ).toEqual([
      ['jacket', 2],
      ['phone', 1],
    ]);
    const events = await world().waitForInspectionEvents(
      approved.returnId,
      'InspectionOpened',
      (seen) => seen.length > 0,
    );
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(world().inspectionEvents(approved.returnId)).toEqual([events[0]]);
    expect(events[0]).toMatchObject({
      type: 'InspectionOpened',
      data: {
        inspectionId: inspection.inspectionId,
        warehouseId: 'wh-berlin',
        lines: [
          { lineId: 'jacket', sku: 'SKU-JACKET', expectedQuantity: 2 },
          { lineId: 'phone', sku: 'SKU-PHONE', expectedQuantity: 1 },
        ],
      },
    });
  });

  it('opens the inspection of a parcel that arrived before its return’s approval, once the approval comes', async () => {
    const approved = approvedReturn();
    await world().publish(ParcelDeliveredToWarehouse, arrival(approved, 'wh-hamburg'), approved.returnId);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect((await world().http('GET', `/v1/returns/${approved.returnId}/inspection`)).status).toBe(404);

    await world().publish(ReturnApproved, approved, approved.returnId);

    expect(await world().inspectionOf(approved.returnId)).toMatchObject({
      warehouseId: 'wh-hamburg',
      state: 'pending',
    });
  });

  it('expects only the lines the customer sends back when other lines are kept', async () => {
    const approved = approvedReturn({
      lines: [
        ...approvedReturn().lines,
        approvedLine({
          lineId: 'boots',
          sku: 'SKU-BOOT-42',
          category: 'apparel',
          quantity: 1,
          resolution: {
            kind: 'exchange',
            replacement: { sku: 'SKU-BOOT-43', productId: 'boot', quantity: 1, unitPriceMinor: 8999 },
          },
        }),
      ],
    });
    const mixed = withResolutions(approved, { phone: { kind: 'keep' } });

    await world().publish(ReturnApproved, mixed, mixed.returnId);
    await world().publish(ParcelDeliveredToWarehouse, arrival(mixed), mixed.returnId);

    const inspection = await world().inspectionOf(mixed.returnId);
    expect(inspection.lines.map((line: { lineId: string }) => line.lineId)).toEqual(['jacket', 'boots']);
    const [opened] = await world().waitForInspectionEvents(
      mixed.returnId,
      'InspectionOpened',
      (seen) => seen.length > 0,
    );
    expect(opened.data.lines).toEqual([
      { lineId: 'jacket', sku: 'SKU-JACKET', expectedQuantity: 2 },
      { lineId: 'boots', sku: 'SKU-BOOT-42', expectedQuantity: 1 },
    ]);
  });

  it('never opens an inspection, nor queues one, for a return whose every line the customer keeps', async () => {
    const warehouseId = `wh-${randomUUID().slice(0, 8)}`;
    const kept = withResolutions(approvedReturn(), { jacket: { kind: 'keep' }, phone: { kind: 'keep' } });
    const handled = (eventId: string) =>
      waitUntil('the event to be handled', async () => {
        const rows = await world().schema.query('SELECT 1 FROM inbox WHERE event_id = $1', [eventId]);
        return rows.length === 1;
      });

    const approval = await world().publish(ReturnApproved, kept, kept.returnId);
    await world().publish(ReturnApproved, kept, kept.returnId, { id: approval });
    const again = await world().publish(ReturnApproved, kept, kept.returnId);
    // Nothing is collected for it; a parcel reported anyway has nothing to be inspected against.
    const stray = await world().publish(ParcelDeliveredToWarehouse, arrival(kept, warehouseId), kept.returnId);
    await handled(again);
    await handled(stray);

    expect((await world().http('GET', `/v1/returns/${kept.returnId}/inspection`)).status).toBe(404);
    expect((await world().http('GET', `/v1/warehouses/${warehouseId}/inspections`)).body.items).toEqual([]);
    expect(await world().schema.query('SELECT event_type FROM outbox WHERE subject = $1', [kept.returnId])).toEqual([]);
  });

  it('queues a warehouse’s inspections pending, in progress, held, completed, oldest first, each once page by page', async () => {
    const warehouseId = `wh-${randomUUID().slice(0, 8)}`;
    const first = await arrived(warehouseId);
    const second = await arrived(warehouseId);
    const third = await arrived(warehouseId);
    const done = await inspected(2, 'completed', warehouseId);
    const kept = await held(warehouseId);
    await world().http(
      'POST',
      `/v1/inspections/${first.inspection.inspectionId}/claim`,
      undefined,
      await as('inspector-9'),
    );

    const pages: string[][] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `limit=2&cursor=${cursor}` : 'limit=2';
      const page = await world().http('GET', `/v1/warehouses/${warehouseId}/inspections?${query}`);
      pages.push(page.body.items.map((item: { returnId: string; state: string }) => `${item.state}:${item.returnId}`));
      cursor = page.body.nextCursor;
    } while (cursor);

    expect(pages).toEqual([
      [`pending:${second.approved.returnId}`, `pending:${third.approved.returnId}`],
      [`in_progress:${first.approved.returnId}`, `held:${kept.approved.returnId}`],
      [`completed:${done.approved.returnId}`],
    ]);
    const pending = await world().http('GET', `/v1/warehouses/${warehouseId}/inspections?state=pending`);
    expect(pending.body.items).toHaveLength(2);
    const tampered = await world().http('GET', `/v1/warehouses/${warehouseId}/inspections?cursor=abc`);
    expect(tampered.status).toBe(400);
    const tooMany = await world().http('GET', `/v1/warehouses/${warehouseId}/inspections?limit=101`);
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.errors).toEqual([
      expect.objectContaining({ field: 'limit', message: expect.stringContaining('100') }),
    ]);
  });

  it('gives an inspection to exactly one of several inspectors claiming it at once, until the claim expires', async () => {
    const { inspection } = await arrived();
    const path = `/v1/inspections/${inspection.inspectionId}/claim`;

    const inspectors = ['ana', 'ben', 'cem', 'dia', 'eli'];
    const tokens = await Promise.all(inspectors.map((inspector) => as(inspector)));
    const answers = await Promise.all(tokens.map((token) => world().http('POST', path, undefined, token)));

    const winners = answers.filter((answer) => answer.status === 200);
    expect(winners).toHaveLength(1);
    const winner = winners[0].body.claim.inspectorId;
    expect(inspectors).toContain(winner);
    const losers = answers.filter((answer) => answer.status === 409);
    expect(losers).toHaveLength(4);
    for (const loser of losers) {
      expect(loser.body.type).toBe('https://rebound.dev/problems/claimed-by-another');
      expect(loser.body.detail).toContain(`is claimed by ${winner} until `);
    }
    world().clock.advance(31 * 60 * 1000);
    try {
      const later = await world().http('POST', path, undefined, await as('fay'));
      expect(later.body.claim.inspectorId).toBe('fay');
    } finally {
      world().clock.advance(-31 * 60 * 1000);
    }
  });

  it('names every bad field of a line’s findings with 400, refuses anyone but the claimant, and records nothing', async () => {
    const { id, inspector } = await claimed();
    const path = `/v1/inspections/${id}/lines/jacket`;

    const malformed = await world().http(
      'PUT',
      path,
      { receivedQuantity: -1, grade: 'like new', checklist: 'yes', photoUrls: ['not a url'], colour: 'blue' },
      inspector,
    );
    expect(malformed.status).toBe(400);
    expect(malformed.body.errors.map((error: { field: string }) => error.field).sort()).toEqual([
      'checklist',
      'colour',
      'grade',
      'photoUrls',
      'receivedQuantity',
    ]);

    const breaksRules = await world().http(
      'PUT',
      path,
      { receivedQuantity: 3, grade: 'E', checklist: { tags_attached: 'yes', serial_matches: true } },
      inspector,
    );
    expect(breaksRules.status).toBe(400);
    expect(breaksRules.body.errors.map((error: { field: string }) => error.field)).toEqual([
      'receivedQuantity',
      'grade',
      'checklist.original_packaging',
      'checklist.serial_matches',
      'checklist.tags_attached',
    ]);

    const stranger = await world().http(
      'PUT',
      path,
      { receivedQuantity: 2, grade: 'A', checklist: APPAREL_CHECKLIST },
      await as('stranger'),
    );
    expect([stranger.status, stranger.body.type]).toEqual([409, 'https://rebound.dev/problems/not-claimed']);
    expect(stranger.body.detail).toBe(`inspection ${id} is claimed by inspector-1, not stranger`);
    const unknownLine = await world().http(
      'PUT',
      `/v1/inspections/${id}/lines/teapot`,
      { receivedQuantity: 1, grade: 'A', checklist: {} },
      inspector,
    );
    expect(unknownLine.status).toBe(404);

    const unchanged = await world().http('GET', `/v1/inspections/${id}`);
    expect(unchanged.body.lines.map((line: { record: unknown }) => line.record)).toEqual([null, null]);
  });

  it('refuses to complete while an expected line is unrecorded, naming it, and announces nothing', async () => {
    const { approved, id, inspector } = await claimed();
    await world().http(
      'PUT',
      `/v1/inspections/${id}/lines/jacket`,
      { receivedQuantity: 2, grade: 'A', checklist: APPAREL_CHECKLIST },
      inspector,
    );

    const answer = await world().http('POST', `/v1/inspections/${id}/complete`, undefined, inspector);

    expect(answer.status).toBe(409);
    expect(answer.body).toMatchObject({
      type: 'https://rebound.dev/problems/lines-not-recorded',
      detail: 'record every expected line before completing; not recorded: phone',
    });
    expect((await world().http('GET', `/v1/inspections/${id}`)).body.state).toBe('in_progress');
    expect(
      world()
        .inspectionEvents(approved.returnId)
        .map((event) => event.type),
    ).toEqual(['InspectionOpened']);
  });

  it('announces InspectionCompleted with exactly what was recorded: quantities, grades, dispositions, refundable fractions', async () => {
    const { approved, id, inspector } = await claimed();
    await world().http(
      'PUT',
      `/v1/inspections/${id}/lines/jacket`,
      {
        receivedQuantity: 2,
        grade: 'C',
        checklist: { tags_attached: false, original_packaging: true },
        notes: 'Stain on the sleeve',
        photoUrls: ['https://img.example/stain.jpg'],
      },
      inspector,
    );
    await world().http(
      'PUT',
      `/v1/inspections/${id}/lines/phone`,
      { receivedQuantity: 1, grade: 'B', checklist: ELECTRONICS_CHECKLIST },
      inspector,
    );

    const answer = await world().http('POST', `/v1/inspections/${id}/complete`, undefined, inspector);

    expect(answer.status).toBe(200);
    expect(answer.body.state).toBe('completed');
    const events = await world().waitForInspectionEvents(
      approved.returnId,
      'InspectionCompleted',
      (seen) => seen.length === 2,
    );
    expect(events[1]).toMatchObject({
      type: 'InspectionCompleted',
      data: {
        inspectionId: id,
        returnId: approved.returnId,
        orderId: approved.orderId,
        warehouseId: 'wh-berlin',
        lines: [
          {
            lineId: 'jacket',
            sku: 'SKU-JACKET',
            expectedQuantity: 2,
            receivedQuantity: 2,
            grade: 'C',
            disposition: 'liquidate',
            refundableFraction: 0.5,
            flags: [],
          },
          {
            lineId: 'phone',
            sku: 'SKU-PHONE',
            expectedQuantity: 1,
            receivedQuantity: 1,
            grade: 'B',
            disposition: 'refurbish',
            refundableFraction: 0.9,
            flags: [],
          },
        ],
      },
    });
    const again = await world().http('POST', `/v1/inspections/${id}/complete`, undefined, inspector);
    expect([again.status, again.body.type]).toEqual([409, 'https://rebound.dev/problems/inspection-not-open']);
  });

  it('holds a mismatch for a supervisor, announcing nothing, and completes it with the corrections once resolved', async () => {
    const { approved, id, inspector } = await claimed();
    await world().http(
      'PUT',
      `/v1/inspections/${id}/lines/jacket`,
      { receivedQuantity: 1, grade: 'A', checklist: APPAREL_CHECKLIST },
      inspector,
    );
    await world().http(
      'PUT',
      `/v1/inspections/${id}/lines/phone`,
      { receivedQuantity: 1, grade: 'B', checklist: { serial_matches: false, original_packaging: true } },
      inspector,
    );
    const extra = await world().http(
      'POST',
      `/v1/inspections/${id}/unexpected-items`,
      { sku: 'SKU-SOCKS', category: 'apparel', quantity: 3, grade: 'B' },
      inspector,
    );
    expect(extra.status).toBe(201);

    const answer = await world().http('POST', `/v1/inspections/${id}/complete`, undefined, inspector);

    expect(answer.body.state).toBe('held');
    expect(answer.body.flagsAtCompletion).toEqual(['short_shipped', 'serial_mismatch', 'unexpected_item']);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(
      world()
        .inspectionEvents(approved.returnId)
        .map((event) => event.type),
    ).toEqual(['InspectionOpened']);
    const supervisor = await as('sup-1', 'qc:supervise', 'rebound-ops');
    const unknownLine = await world().http(
      'POST',
      `/v1/inspections/${id}/resolve`,
      { note: 'checked', corrections: [{ lineId: 'teapot', grade: 'C' }] },
      supervisor,
    );
    expect(unknownLine.status).toBe(400);
    expect(unknownLine.body.errors).toEqual([
      { field: 'corrections[0].lineId', message: 'is not a line of this inspection' },
    ]);

    const resolved = await world().http(
      'POST',
      `/v1/inspections/${id}/resolve`,
      {
        note: 'Phone is a refurbished unit of the same model; refund as C.',
        corrections: [{ lineId: 'phone', grade: 'C' }],
      },
      supervisor,
    );

    expect(resolved.status).toBe(200);
    expect(resolved.body).toMatchObject({ state: 'completed', resolution: { supervisorId: 'sup-1' } });
    const events = await world().waitForInspectionEvents(
      approved.returnId,
      'InspectionCompleted',
      (seen) => seen.length === 2,
    );
    expect(events[1].data.lines).toEqual([
      {
        lineId: 'jacket',
        sku: 'SKU-JACKET',
        expectedQuantity: 2,
        receivedQuantity: 1,
        grade: 'A',
        disposition: 'restock',
        refundableFraction: 1,
        flags: ['short_shipped'],
      },
      {
        lineId: 'phone',
        sku: 'SKU-PHONE',
        expectedQuantity: 1,
        receivedQuantity: 1,
        grade: 'C',
        disposition: 'refurbish',
        refundableFraction: 0.5,
        flags: ['serial_mismatch'],
      },
      {
        lineId: 'unexpected-1',
        sku: 'SKU-SOCKS',
        expectedQuantity: 0,
        receivedQuantity: 3,
        grade: 'B',
        disposition: 'restock',
        refundableFraction: 0,
        flags: ['unexpected_item'],
      },
    ]);
    const twice = await world().http('POST', `/v1/inspections/${id}/resolve`, { note: 'again' }, supervisor);
    expect([twice.status, twice.body.type]).toEqual([409, 'https://rebound.dev/problems/not-held']);
  });

  it('records the token’s subject and client as the inspector, whatever the body claims', async () => {
    const { inspection } = await arrived();
    const id = inspection.inspectionId as string;
    const inspector = await as('inspector-7', 'qc:inspect', 'rebound-warehouse');

    const claim = await world().http('POST', `/v1/inspections/${id}/claim`, { inspectorId: 'ana' }, inspector);
    expect(claim.body.claim).toMatchObject({ inspectorId: 'inspector-7', inspectorClientId: 'rebound-warehouse' });

    const path = `/v1/inspections/${id}/lines/jacket`;
    const findings = { receivedQuantity: 2, grade: 'A', checklist: APPAREL_CHECKLIST };
    const naming = await world().http('PUT', path, { ...findings, inspectorId: 'inspector-7' }, inspector);
    expect([naming.status, naming.body.errors]).toEqual([400, [{ field: 'inspectorId', message: 'is not allowed' }]]);
    const otherPerson = await world().http('PUT', path, findings, await as('ana', 'qc:inspect', 'rebound-warehouse'));
    expect(otherPerson.body.detail).toBe(`inspection ${id} is claimed by inspector-7, not ana`);

    // The same person on another device is still the claimant.
    const recorded = await world().http(
      'PUT',
      path,
      findings,
      await as('inspector-7', 'qc:inspect', 'rebound-scanner'),
    );
    expect(recorded.status).toBe(200);
    expect(recorded.body.lines[0].record).toMatchObject({
      recordedBy: 'inspector-7',
      recordedByClientId: 'rebound-scanner',
    });
    const extra = await world().http(
      'POST',
      `/v1/inspections/${id}/unexpected-items`,
      { sku: 'SKU-SOCKS', quantity: 1, grade: 'B' },
      inspector,
    );
    expect(extra.body.lines[2].record).toMatchObject({
      recordedBy: 'inspector-7',
      recordedByClientId: 'rebound-warehouse',
    });
  });

  it('records the token’s subject and client as the supervisor who resolves a hold, whatever the body claims', async () => {
    const { id } = await held();
    const path = `/v1/inspections/${id}/resolve`;
    const supervisor = await as('sup-4', 'qc:supervise', 'rebound-ops');
    const decision = { note: 'One jacket short; refund what came.', corrections: [{ lineId: 'jacket', grade: 'B' }] };

    const naming = await world().http('POST', path, { ...decision, supervisorId: 'sup-4' }, supervisor);
    expect([naming.status, naming.body.errors]).toEqual([400, [{ field: 'supervisorId', message: 'is not allowed' }]]);
    expect((await world().http('GET', `/v1/inspections/${id}`)).body.state).toBe('held');

    const resolved = await world().http('POST', path, decision, supervisor);

    expect(resolved.body.resolution).toMatchObject({ supervisorId: 'sup-4', supervisorClientId: 'rebound-ops' });
    expect(resolved.body.lines[0].record).toMatchObject({
      grade: 'B',
      recordedBy: 'sup-4',
      recordedByClientId: 'rebound-ops',
    });
    expect(resolved.body.lines[1].record).toMatchObject({
      recordedBy: 'inspector-1',
      recordedByClientId: 'rebound-warehouse',
    });
  });

  it('sends a malformed arrival to the dead-letter topic and opens nothing', async () => {
    const approved = approvedReturn();
    await world().publish(ReturnApproved, approved, approved.returnId);
    const id = randomUUID();
    await produce(`${world().namespace}.${'pickups.pickup.v1'}`, [
      {
        key: approved.returnId,
        value: JSON.stringify({ returnId: approved.returnId, pickupId: 'nope', partnerId: 'swiftback' }),
        headers: {
          ce_id: id,
          ce_type: 'ParcelDeliveredToWarehouse',
          ce_source: '/rebound/pickup-scheduling',
          ce_time: new Date().toISOString(),
          ce_subject: approved.returnId,
          ce_specversion: '1.0',
        },
      },
    ]);

    const dead = await world().waitForDeadLetter(id);
    expect(dead.headers['dlt-error-message']).toContain('warehouseId');
    expect((await world().http('GET', `/v1/returns/${approved.returnId}/inspection`)).status).toBe(404);
  });
});
