import { createNamespacedCatalogue, deleteNamespacedTopics, testNamespace } from './namespaced-catalogue';

describe('testNamespace', () => {
  it('makes a namespace of topic-name characters, different every time', () => {
    expect(testNamespace('Refunds Service')).toMatch(/^it-refunds-service-[0-9a-f]{8}$/);
    expect(testNamespace('x')).not.toBe(testNamespace('x'));
  });
});

describe('the namespaced catalogue', () => {
  it('refuses to create or delete topics through a broker without a namespace, which would touch the real catalogue', async () => {
    const broker = {
      namespace: undefined,
      admin: () => {
        throw new Error('the cluster must not be touched');
      },
    };
    await expect(createNamespacedCatalogue(broker)).rejects.toThrow(
      'refusing to create the catalogue: the broker has no topic namespace',
    );
    await expect(deleteNamespacedTopics(broker)).rejects.toThrow(
      'refusing to delete topics: the broker has no topic namespace',
    );
  });
});
