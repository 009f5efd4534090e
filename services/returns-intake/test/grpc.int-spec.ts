/**
 * returns-intake over gRPC with a real client: the same returns, refusals, idempotency and paging as
 * REST, each answer checked against what REST says about the same thing.
 */
import { randomUUID } from 'node:crypto';
import {
  fieldsNamedIn,
  grpcFailure,
  uniqueSorted,
  useReturnsGrpcClient,
  withDetailsParsed,
  withoutNulls,
} from './support/grpc-client';
import { useIntakeWorld } from './support/intake-world';
import { TestOrder, deliveredOrder, pickup, putOrder, shirtReturn } from './support/orders';

jest.setTimeout(60_000);

const UNKNOWN_RETURN_ID = '00000000-0000-4000-8000-000000000000';

interface Refusal {
  readonly grpc: string;
  readonly rest: number;
  readonly fields: string[];
}

/** What REST answers 422 for: the policy cannot take the return as asked. */
const unprocessable = (field: string): Refusal => ({ grpc: 'FAILED_PRECONDITION', rest: 422, fields: [field] });

const idsOf = (page: { items: { returnId: string }[] }) => page.items.map((item) => item.returnId);

describe('returns-intake over gRPC', () => {
  const world = useIntakeWorld('intake-grpc');
  const grpc = useReturnsGrpcClient(world);

  const newOrder = () => putOrder(world(), deliveredOrder());
  const restList = async (query: string) => (await world().http('GET', `/v1/returns?${query}`)).body;

  /** Reads the return over both edges, expects them to say the same, and gives REST's answer. */
  async function expectEdgesAgreeOn(returnId: string) {
    const [overGrpc, overRest] = await Promise.all([
      grpc().getReturn({ returnId }),
      world().http('GET', `/v1/returns/${returnId}`),
    ]);
    expect(overRest.status).toBe(200);
    expect(withDetailsParsed(overGrpc)).toEqual(withoutNulls(overRest.body));
    return overRest.body;
  }

  /** Sends the same proposal to CreateReturn and to `POST /v1/returns`: both refuse it, naming the same fields. */
  async function expectRefusedAlike(request: object, expected: Refusal): Promise<void> {
    const failure = await grpcFailure(grpc().createReturn(request));
    const problem = await world().http('POST', '/v1/returns', request);
    expect({ status: failure.status, fields: fieldsNamedIn(failure.message) }).toEqual({
      status: expected.grpc,
      fields: expected.fields,
    });
    expect({
      status: problem.status,
      fields: uniqueSorted(problem.body.errors.map((error: { field: string }) => error.field)),
    }).toEqual({ status: expected.rest, fields: expected.fields });
  }

  async function orderWithReturns(count: number): Promise<{ order: TestOrder; returnIds: string[] }> {
    const order = await newOrder();
    const returnIds: string[] = [];
    for (let made = 0; made < count; made++) returnIds.push((await grpc().createReturn(shirtReturn(order))).returnId);
    return { order, returnIds };
  }

  it('opens an eligible return over gRPC as approved, and GetReturn tells the same story as REST', async () => {
    const order = await newOrder();
    const created = await grpc().createReturn(
      shirtReturn(order, { lines: [{ lineId: 'shirt', quantity: 2, reasonCode: 'changed_mind' }] }),
    );
    expect(created).toMatchObject({
      orderId: order.orderId,
      customerId: order.customerId,
      status: 'approved',
      method: 'mail_back',
      refundMethod: 'original_payment',
      expectedRefundMinor: 2 * 2999 - 600 - 495,
      fees: { restockingFeeMinor: 600, returnShippingFeeMinor: 495 },
      lines: [{ lineId: 'shirt', sku: 'SKU-SHIRT', quantity: 2, unitPriceMinor: 2999, restockingFeeMinor: 600 }],
      decision: { outcome: 'approved', decidedBy: 'policy', policyVersion: 1 },
    });
    expect(created.timeline.map((entry: { type: string }) => entry.type)).toEqual([
      'ReturnRequested',
      'ReturnApproved',
    ]);

    const overRest = await expectEdgesAgreeOn(created.returnId);
    expect(withDetailsParsed(created)).toEqual(withoutNulls(overRest));
    expect(overRest.timeline[0].details).toMatchObject({ returnId: created.returnId });
  });

  it('reads a return opened over REST identically over gRPC, pickup, comment and photos included', async () => {
    const order = await newOrder();
    const opened = await world().http(
      'POST',
      '/v1/returns',
      shirtReturn(order, {
        method: 'carrier_pickup',
        pickup,
        lines: [
          {
            lineId: 'shirt',
            quantity: 1,
            reasonCode: 'damaged',
            comment: 'Seam torn',
            photoUrls: ['https://img.example/seam.jpg'],
          },
        ],
      }),
    );
    expect(opened.status).toBe(201);

    await expectEdgesAgreeOn(opened.body.returnId);
    const overGrpc = await grpc().getReturn({ returnId: opened.body.returnId });
    expect(overGrpc.pickup).toEqual(pickup);
    expect(overGrpc.lines).toEqual([
      expect.objectContaining({ comment: 'Seam torn', photoUrls: ['https://img.example/seam.jpg'] }),
    ]);
  });

  it('answers a gRPC retry with the same idempotency-key and message with the same return, and refuses the key with another message', async () => {
    const order = await newOrder();
    const key = `grpc-key-${randomUUID()}`;
    const first = await grpc().createReturn(shirtReturn(order), key);
    const retry = await grpc().createReturn(shirtReturn(order), key);
    expect(retry.returnId).toBe(first.returnId);

    const different = await grpcFailure(
      grpc().createReturn(
        shirtReturn(order, { lines: [{ lineId: 'shirt', quantity: 2, reasonCode: 'wrong_size' }] }),
        key,
      ),
    );
    expect(different.status).toBe('ALREADY_EXISTS');
    expect(different.message).toContain(`"${key}"`);

    const listed = await grpc().listReturns({ orderId: order.orderId });
    expect(idsOf(listed)).toEqual([first.returnId]);
  });

  it('shares idempotency keys with REST: the same body sent again over gRPC answers with the return REST opened', async () => {
    const order = await newOrder();
    const key = `shared-key-${randomUUID()}`;
    const overRest = await world().http('POST', '/v1/returns', shirtReturn(order), { 'Idempotency-Key': key });
    expect(overRest.status).toBe(201);

    const overGrpc = await grpc().createReturn(shirtReturn(order), key);
    expect(overGrpc.returnId).toBe(overRest.body.returnId);
    expect(idsOf(await restList(`orderId=${order.orderId}`))).toEqual([overRest.body.returnId]);
  });

  it('refuses an idempotency-key longer than 255 characters with INVALID_ARGUMENT, as REST refuses the header, and opens nothing', async () => {
    const order = await newOrder();
    const key = 'k'.repeat(256);
    const overGrpc = await grpcFailure(grpc().createReturn(shirtReturn(order), key));
    expect(overGrpc.status).toBe('INVALID_ARGUMENT');
    expect(fieldsNamedIn(overGrpc.message)).toEqual(['Idempotency-Key']);

    const overRest = await world().http('POST', '/v1/returns', shirtReturn(order), { 'Idempotency-Key': key });
    expect(overRest.status).toBe(400);
    expect(overRest.body.errors.map((error: { field: string }) => error.field)).toEqual(['Idempotency-Key']);
    expect((await grpc().listReturns({ orderId: order.orderId })).items).toEqual([]);
  });

  it('refuses a malformed CreateReturn with INVALID_ARGUMENT naming the same fields as REST, and creates nothing', async () => {
    const before = idsOf(await restList('limit=100'));
    await expectRefusedAlike(
      { orderId: '', lines: [{ lineId: 'shirt', quantity: 0, reasonCode: 'wrong_size' }], method: 'teleport' },
      { grpc: 'INVALID_ARGUMENT', rest: 400, fields: ['lines[0].quantity', 'method', 'orderId'] },
    );
    expect(idsOf(await restList('limit=100'))).toEqual(before);
  });

  it('refuses with FAILED_PRECONDITION, naming the field as REST does, more units than were delivered or an unknown order', async () => {
    const order = await newOrder();
    const tooMany = shirtReturn(order, { lines: [{ lineId: 'shirt', quantity: 3, reasonCode: 'wrong_size' }] });
    await expectRefusedAlike(tooMany, unprocessable('lines[0].quantity'));
    await expectRefusedAlike(shirtReturn(order, { orderId: `order-${randomUUID()}` }), unprocessable('orderId'));
    expect((await grpc().listReturns({ orderId: order.orderId })).items).toEqual([]);
  });

  it('answers GetReturn with INVALID_ARGUMENT for an id that cannot be one and NOT_FOUND for an unknown one', async () => {
    const malformed = await grpcFailure(grpc().getReturn({ returnId: 'not-a-uuid' }));
    expect(malformed.status).toBe('INVALID_ARGUMENT');
    expect(fieldsNamedIn(malformed.message)).toEqual(['returnId']);

    const unknown = await grpcFailure(grpc().getReturn({ returnId: UNKNOWN_RETURN_ID }));
    expect(unknown).toEqual({ status: 'NOT_FOUND', message: `return ${UNKNOWN_RETURN_ID} does not exist` });
  });

  it('previews a return over gRPC exactly as REST does, line by line, and creates nothing', async () => {
    const order = await newOrder();
    const proposal = {
      orderId: order.orderId,
      lines: [
        { lineId: 'shirt', quantity: 2, reasonCode: 'changed_mind' },
        { lineId: 'scarf', quantity: 1, reasonCode: 'changed_mind' },
      ],
    };
    const overGrpc = await grpc().previewReturn(proposal);
    const overRest = await world().http('POST', '/v1/returns/preview', proposal);
    expect(overRest.status).toBe(200);
    expect(overGrpc).toEqual(withoutNulls(overRest.body));
    expect(overGrpc.lines).toEqual([
      expect.objectContaining({ lineId: 'shirt', eligible: true, restockingFeeMinor: 600 }),
      expect.objectContaining({ lineId: 'scarf', problems: [expect.objectContaining({ code: 'final-sale' })] }),
    ]);
    expect(overGrpc).toMatchObject({
      outcome: 'rejected',
      fees: { restockingFeeMinor: 800, returnShippingFeeMinor: 495 },
      allowedMethods: ['carrier_pickup', 'curbside_pickup', 'in_store_dropoff', 'mail_back'],
    });

    expect((await grpc().listReturns({ orderId: order.orderId })).items).toEqual([]);
  });

  it("lists only the order's returns when filtered by orderId, as REST does", async () => {
    const { order, returnIds } = await orderWithReturns(2);
    await orderWithReturns(1);

    const overGrpc = await grpc().listReturns({ orderId: order.orderId });
    const overRest = await restList(`orderId=${order.orderId}`);
    expect(idsOf(overGrpc).sort()).toEqual([...returnIds].sort());
    // A list item has no decisions or timeline; proto3 decodes the repeated fields as empty.
    expect(overGrpc.items).toEqual(
      overRest.items.map((item: object) => ({ ...(withoutNulls(item) as object), decisions: [], timeline: [] })),
    );
    expect(overGrpc.nextCursor).toBeUndefined();
  });

  it("pages through an order's returns one at a time, each nextCursor leading to the next", async () => {
    const { order } = await orderWithReturns(2);
    const newestFirst = idsOf(await restList(`orderId=${order.orderId}`));
    expect(newestFirst).toHaveLength(2);

    const first = await grpc().listReturns({ orderId: order.orderId, limit: 1 });
    expect(idsOf(first)).toEqual([newestFirst[0]]);
    expect(first.nextCursor).toEqual(expect.any(String));

    const second = await grpc().listReturns({ orderId: order.orderId, limit: 1, cursor: first.nextCursor });
    expect(idsOf(second)).toEqual([newestFirst[1]]);
    expect(second.nextCursor).toBeUndefined();
  });

  it('refuses a tampered cursor with INVALID_ARGUMENT', async () => {
    const { order } = await orderWithReturns(2);
    const { nextCursor } = await grpc().listReturns({ orderId: order.orderId, limit: 1 });
    const position = JSON.parse(Buffer.from(nextCursor, 'base64url').toString('utf8'));
    const tampered = [
      nextCursor.slice(0, -3),
      Buffer.from(JSON.stringify({ ...position, returnId: 'not-a-uuid' })).toString('base64url'),
    ];
    for (const cursor of tampered) {
      const failure = await grpcFailure(grpc().listReturns({ orderId: order.orderId, limit: 1, cursor }));
      const overRest = await world().http('GET', `/v1/returns?orderId=${order.orderId}&limit=1&cursor=${cursor}`);
      expect({ grpc: failure.status, rest: overRest.status }).toEqual({ grpc: 'INVALID_ARGUMENT', rest: 400 });
    }
  });
});
