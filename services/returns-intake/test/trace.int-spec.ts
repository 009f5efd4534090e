/**
 * One trace id from the caller to every service: a request's `traceparent` is continued into the
 * events it causes, so the services that consume them log under the same trace.
 */
import { Topics } from '@rebound/contracts';
import { parseTraceparent } from '@rebound/observability';
import { useIntakeWorld } from './support/intake-world';
import { deliveredOrder, putOrder, shirtReturn } from './support/orders';

jest.setTimeout(60_000);

describe('a caller’s trace', () => {
  const world = useIntakeWorld('intake-trace');

  const eventsOf = (returnId: string) =>
    world()
      .published.on(world().physical(Topics.returnsReturn.name))
      .filter((message) => message.key === returnId);
  const traceIdOf = (traceparent: string | null | undefined) => parseTraceparent(traceparent ?? undefined)?.traceId;

  it('reaches ReturnRequested and ReturnApproved on Kafka when the return is opened with a traceparent', async () => {
    const order = await putOrder(world(), deliveredOrder());
    const caller = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';

    const created = await world().http('POST', '/v1/returns', shirtReturn(order), { traceparent: caller });

    expect(created.status).toBe(201);
    expect(traceIdOf(created.headers.get('traceparent'))).toBe('0af7651916cd43dd8448eb211c80319c');
    const returnId = created.body.returnId;
    await world().published.waitFor('ReturnRequested and ReturnApproved', () => eventsOf(returnId).length === 2);
    expect(
      eventsOf(returnId).map((message) => [message.headers['ce_type'], traceIdOf(message.headers['traceparent'])]),
    ).toEqual([
      ['ReturnRequested', '0af7651916cd43dd8448eb211c80319c'],
      ['ReturnApproved', '0af7651916cd43dd8448eb211c80319c'],
    ]);
    // Each event is a span of its own in that trace, not the caller's span.
    expect(eventsOf(returnId).map((message) => parseTraceparent(message.headers['traceparent'])?.spanId)).not.toContain(
      'b7ad6b7169203331',
    );
  });

  it('starts with the request when the caller sends none, and the response names it', async () => {
    const order = await putOrder(world(), deliveredOrder());

    const created = await world().http('POST', '/v1/returns', shirtReturn(order));
    const cancelled = await world().http(
      'POST',
      `/v1/returns/${created.body.returnId}/cancel`,
      { reason: 'Kept it after all' },
      { traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' },
    );

    expect(cancelled.status).toBe(200);
    const opened = traceIdOf(created.headers.get('traceparent'));
    expect(opened).toMatch(/^[0-9a-f]{32}$/);
    expect(opened).not.toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    await world().published.waitFor('ReturnCancelled', () =>
      eventsOf(created.body.returnId).some((message) => message.headers['ce_type'] === 'ReturnCancelled'),
    );
    const traces = Object.fromEntries(
      eventsOf(created.body.returnId).map((message) => [
        message.headers['ce_type'],
        traceIdOf(message.headers['traceparent']),
      ]),
    );
    expect(traces).toEqual({
      ReturnRequested: opened,
      ReturnApproved: opened,
      ReturnCancelled: '4bf92f3577b34da6a3ce929d0e0e4736',
    });
  });
});
