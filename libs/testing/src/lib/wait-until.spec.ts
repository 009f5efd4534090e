import { uniqueName } from './unique-name';
import { waitUntil } from './wait-until';

describe('waitUntil', () => {
  it('returns the first truthy result of the check', async () => {
    let calls = 0;
    await expect(
      waitUntil('the third call', () => (++calls >= 3 ? calls : undefined), { intervalMs: 1 }),
    ).resolves.toBe(3);
  });

  it('fails naming what it waited for and the last error the check threw', async () => {
    await expect(
      waitUntil(
        'the broker',
        () => {
          throw new Error('ECONNREFUSED');
        },
        { timeoutMs: 30, intervalMs: 5 },
      ),
    ).rejects.toThrow('timed out after 30 ms waiting for the broker (last error: ECONNREFUSED)');
  });
});

describe('uniqueName', () => {
  it('makes names that are valid Postgres identifiers and Kafka topic parts, different every time', () => {
    const a = uniqueName('It Messaging!');
    expect(a).toMatch(/^it_messaging_[0-9a-f]{8}$/);
    expect(uniqueName('ledger', '-')).toMatch(/^ledger-[0-9a-f]{8}$/);
    expect(uniqueName('x')).not.toBe(uniqueName('x'));
  });
});
