import demoPolicy from '../../../policy/default-policy.json';
import { parsePolicyDocument } from './policy-document';
import { describePolicy } from './policy-terms';

const howToSendBack = (policy: object) =>
  describePolicy(parsePolicyDocument(policy)).find((section) => section.title === 'How to send items back')?.terms;

describe('the policy in words', () => {
  it('tells the customer how often a pickup is tried and how long a label stays valid', () => {
    expect(howToSendBack(demoPolicy)).toEqual(
      expect.arrayContaining(['We try to collect a pickup up to 3 times.', 'A return label is valid for 14 days.']),
    );
    const strict = { ...demoPolicy, logistics: { maxPickupAttempts: 1, labelValidityDays: 1 } };
    expect(howToSendBack(strict)).toEqual(
      expect.arrayContaining(['We try to collect a pickup once.', 'A return label is valid for 1 day.']),
    );
  });

  it('says nothing of pickups when no region offers one, nor of labels when every return is collected', () => {
    const mailBackOnly = { ...demoPolicy, categories: [], methods: [{ region: '*', methods: ['mail_back'] }] };
    expect(howToSendBack(mailBackOnly)).toEqual([
      'Everywhere else: a prepaid mail-back label.',
      'A return label is valid for 14 days.',
    ]);
    const pickupOnly = { ...demoPolicy, categories: [], methods: [{ region: '*', methods: ['carrier_pickup'] }] };
    expect(howToSendBack(pickupOnly)).toEqual([
      'Everywhere else: carrier pickup from your address.',
      'We try to collect a pickup up to 3 times.',
    ]);
  });
});

describe('the exchanges in words', () => {
  const section = (policy: object, title: string) =>
    describePolicy(parsePolicyDocument(policy)).find((candidate) => candidate.title === title)?.terms;

  it('says per category and tier what may be offered, the price limits, the bonus, keeping and instant exchanges', () => {
    expect(section(demoPolicy, 'Exchanges')).toEqual([
      'Items in "apparel", "shoes": an exchange for another size or colour of the same item, an exchange for another product, store credit, a refund, keeping the item with a refund (when returning costs more than it is worth).',
      'gold members: an exchange for another size or colour of the same item, store credit, a refund, keeping the item with a refund (when returning costs more than it is worth).',
      'Everything else: store credit, a refund, keeping the item with a refund (when returning costs more than it is worth).',
      'A replacement may cost up to €50.00 more than you paid; when it costs less, up to €20.00 of the difference is refunded.',
      'Exchange for another product and get 5% of the returned value as store credit.',
      'Items refunded at €8.00 or less a unit can be kept, where keeping is offered.',
      'gold members’ exchanges ship at once, before the return arrives.',
    ]);
    expect(section(demoPolicy, 'Reasons')).toContain('Too small (too_small); exchanges suggest the next size up.');
  });

  it('has no exchanges section when the policy offers none', () => {
    const { offers: _, ...withoutOffers } = demoPolicy;
    expect(section(withoutOffers, 'Exchanges')).toBeUndefined();
  });
});
