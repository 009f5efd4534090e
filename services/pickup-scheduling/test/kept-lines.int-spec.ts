/**
 * Lines the customer keeps (a returnless refund, `resolution.kind: keep`) are never collected: a
 * return the customer keeps entirely gets no pickup and no label, and a partner collects only the
 * other lines of a mixed one.
 */
import { ReturnApproved, ReturnCancelled } from '@rebound/contracts';
import { waitUntil } from '@rebound/testing';
import {
  approvedLine,
  approvedReturn,
  cancelledReturn,
  mailBackReturn,
  partnerTerms,
  registerPartner,
  tracking,
  type RegisteredPartner,
} from './support/fixtures';
import { usePickupsWorld } from './support/pickups-world';

jest.setTimeout(60_000);

const kept = approvedLine({ lineId: 'scarf', sku: 'SKU-SCARF', quantity: 1, resolution: { kind: 'keep' } });
const refunded = approvedLine();
const exchanged = approvedLine({
  lineId: 'boots',
  sku: 'SKU-BOOT-42',
  quantity: 1,
  resolution: {
    kind: 'exchange',
    replacement: { sku: 'SKU-BOOT-43', productId: 'boot', quantity: 1, unitPriceMinor: 8999 },
  },
});
const sentBack = [
  { lineId: 'line-1', sku: 'SKU-JACKET', quantity: 2 },
  { lineId: 'boots', sku: 'SKU-BOOT-42', quantity: 1 },
];

describe('lines the customer keeps', () => {
  const world = usePickupsWorld('pickups-kept');
  let partner: RegisteredPartner;

  beforeAll(async () => {
    partner = await registerPartner(world(), partnerTerms({ costPerPickupMinor: 100 }));
  });

  const handled = (eventId: string) =>
    waitUntil('the event to be handled', async () => {
      const rows = await world().schema.query('SELECT 1 FROM inbox WHERE event_id = $1', [eventId]);
      return rows.length === 1;
    });

  it('books no pickup and announces nothing, to Rebound or a partner, for a return whose every line is kept, however often its approval comes and when it is cancelled', async () => {
    const approved = approvedReturn({
      lines: [kept, approvedLine({ lineId: 'gloves', sku: 'SKU-GLOVES', resolution: { kind: 'keep' } })],
    });
    const label = mailBackReturn({ lines: [kept] });

    const approval = await world().publish(ReturnApproved, approved, approved.returnId);
    await world().publish(ReturnApproved, approved, approved.returnId, { id: approval });
    await world().publish(ReturnApproved, approved, approved.returnId);
    const cancellation = await world().publish(ReturnCancelled, cancelledReturn(approved), approved.returnId);
    const labelApproval = await world().publish(ReturnApproved, label, label.returnId);

    // Events of one return are handled in order: once the cancellation is, every approval before it is.
    await handled(cancellation);
    await handled(labelApproval);
    for (const { returnId } of [approved, label]) {
      expect((await world().http('GET', `/v1/pickups?returnId=${returnId}`)).body.items).toEqual([]);
      expect(await world().schema.query('SELECT event_type FROM outbox WHERE subject = $1', [returnId])).toEqual([]);
    }
  });

  it('has a partner collect only the lines sent back of a return whose other lines are kept', async () => {
    const approved = approvedReturn({ lines: [kept, refunded, exchanged] });

    await world().publish(ReturnApproved, approved, approved.returnId);

    const pickup = await world().pickupOf(approved.returnId);
    expect(pickup.partnerId).toBe(partner.partnerId);
    const [booking] = await world().waitForBookings(
      partner.partnerId,
      approved.returnId,
      'the booking',
      (seen) => seen.length > 0,
    );
    expect(booking.data.lines).toEqual(sentBack);
    await world().publishTracking(partner.partnerId, tracking(pickup.pickupId, 'picked_up'));
    const events = await world().waitForPickupEvents(approved.returnId, 'ParcelPickedUp', (seen) => seen.length === 2);
    expect(events.map((event) => event.type)).toEqual(['PickupScheduled', 'ParcelPickedUp']);
    expect(events[1].data.lines).toEqual(sentBack);
  });

  it('sends a label’s partner only the lines sent back of a mailed return whose other lines are kept', async () => {
    const approved = mailBackReturn({ lines: [refunded, kept, exchanged] });

    await world().publish(ReturnApproved, approved, approved.returnId);

    const [issued] = await world().waitForPickupEvents(approved.returnId, 'LabelIssued', (seen) => seen.length > 0);
    expect(issued.type).toBe('LabelIssued');
    const [booking] = await world().waitForBookings(
      partner.partnerId,
      approved.returnId,
      'the label booking',
      (seen) => seen.length > 0,
    );
    expect(booking.data).toMatchObject({ method: 'mail_back', lines: sentBack });
  });
});
