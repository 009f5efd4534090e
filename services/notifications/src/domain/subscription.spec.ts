import type { KnownReturn, PublicEvent } from './public-events';
import { wants, type Subscription } from './subscription';

const ADMIN = { subject: 'ops', clientId: 'rebound-ops' };
const AT = new Date('2026-03-01T10:00:00Z');

function subscription(overrides: Partial<Subscription> = {}): Subscription {
  return {
    subscriptionId: 'sub-1',
    url: 'https://oms.example.com/hooks',
    eventTypes: ['return.approved', 'refund.issued'],
    filter: {},
    active: true,
    createdAt: AT,
    createdBy: ADMIN,
    updatedAt: AT,
    updatedBy: ADMIN,
    ...overrides,
  };
}

const KNOWN: KnownReturn = { returnId: 'r-1', orderId: 'order-1', customerId: 'customer-1', loyaltyTier: 'gold' };

function event(type: PublicEvent['type']): PublicEvent {
  return { id: 'evt_1', type, version: 1, timestamp: AT.toISOString(), data: { ...KNOWN } };
}

describe('which subscriptions want an event', () => {
  it('an active one subscribed to its type, with no filter', () => {
    expect(wants(subscription(), event('return.approved'), KNOWN)).toBe(true);
  });

  it('not one that is inactive, or subscribed to other types', () => {
    expect(wants(subscription({ active: false }), event('return.approved'), KNOWN)).toBe(false);
    expect(wants(subscription(), event('pickup.scheduled'), KNOWN)).toBe(false);
  });

  it('with a filter, only returns matching every field it gives', () => {
    const vipOrders = subscription({ filter: { orderIds: ['order-1', 'order-2'], loyaltyTiers: ['gold'] } });

    expect(wants(vipOrders, event('refund.issued'), KNOWN)).toBe(true);
    expect(wants(vipOrders, event('refund.issued'), { ...KNOWN, loyaltyTier: 'silver' })).toBe(false);
    expect(wants(vipOrders, event('refund.issued'), { ...KNOWN, orderId: 'order-3' })).toBe(false);
    expect(wants(subscription({ filter: { customerIds: ['customer-2'] } }), event('return.approved'), KNOWN)).toBe(
      false,
    );
  });

  it('a tier filter never matches a return approved without a tier', () => {
    const { loyaltyTier: _tier, ...untiered } = KNOWN;

    expect(wants(subscription({ filter: { loyaltyTiers: ['gold'] } }), event('return.approved'), untiered)).toBe(false);
  });
});
