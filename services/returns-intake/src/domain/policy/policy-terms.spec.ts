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
