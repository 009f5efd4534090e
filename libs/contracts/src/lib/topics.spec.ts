import { PartnerTopics, TOPIC_NAME_PATTERN, Topics, catalogueTopics, topicMatches } from './topics';
import { allServices } from './services';

describe('topic catalogue', () => {
  it('names every topic <domain>.<entity>.v<N>, each once', () => {
    const names = catalogueTopics().map((topic) => topic.name);
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) expect(name).toMatch(TOPIC_NAME_PATTERN);
  });

  it('keeps the stock-level and product topics compacted so their latest value per key is the current one', () => {
    expect(Topics.inventoryStockLevel.cleanupPolicy).toBe('compact');
    expect(Topics.commerceProduct.cleanupPolicy).toBe('compact');
    expect(Topics.returnsReturn.cleanupPolicy).toBe('delete');
  });

  it('derives the partner from a partner topic name and nothing else', () => {
    expect(PartnerTopics.tracking.nameFor('acme-3pl')).toBe('partners.acme-3pl.tracking.v1');
    expect(PartnerTopics.tracking.partnerIdOf('partners.acme-3pl.tracking.v1')).toBe('acme-3pl');
    expect(PartnerTopics.tracking.partnerIdOf('partners.acme-3pl.bookings.v1')).toBeUndefined();
    expect(PartnerTopics.tracking.partnerIdOf('xpartners.acme.tracking.v1')).toBeUndefined();
    expect(topicMatches(PartnerTopics.bookings, 'partners.zoom.bookings.v1')).toBe(true);
  });

  it('refuses partner ids that could escape their own topic', () => {
    expect(() => PartnerTopics.tracking.nameFor('acme.other')).toThrow(/partner id "acme.other" must match/);
    expect(() => PartnerTopics.tracking.nameFor('ACME')).toThrow();
    expect(() => PartnerTopics.tracking.nameFor('')).toThrow();
  });

  it('gives every service its own schema, role and a dead-letter topic from the catalogue', () => {
    const services = allServices();
    expect(new Set(services.map((s) => s.schema)).size).toBe(services.length);
    expect(new Set(services.map((s) => s.databaseRole)).size).toBe(services.length);
    for (const service of services) expect(catalogueTopics()).toContain(service.deadLetterTopic);
  });
});
