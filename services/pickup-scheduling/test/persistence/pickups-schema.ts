/**
 * A Postgres schema of its own per store test file, migrated as the service migrates its own, and a
 * DataSource on it, with the partners the file's pickups belong to; dropped after the file's tests.
 */
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { useServiceSchema } from '@rebound/messaging/testing';
import { newTrackingNumber } from '../../src/domain/identifiers';
import { partnerWithTerms } from '../../src/domain/partner';
import type { Pickup } from '../../src/domain/pickup';
import { pickupsMigrations } from '../../src/persistence/migrations';
import { PgPartnersStore } from '../../src/persistence/pg-partners.store';
import { partnerSecretCipher } from '../../src/persistence/partner-secret-cipher';
import { berlinTerms } from '../fakes/in-memory-pickups';

export function usePickupsSchema(prefix: string, partnerIds: readonly string[] = []): () => DataSource {
  const schema = useServiceSchema(
    prefix,
    pickupsMigrations(partnerSecretCipher(Buffer.alloc(32, 1))),
    async (dataSource) => {
      const partners = new PgPartnersStore(dataSource.manager);
      for (const partnerId of partnerIds) {
        await partners.insertPartner(partnerWithTerms(partnerId, berlinTerms()), 'sealed', new Date(), null);
      }
    },
  );
  return () => schema().dataSource;
}

/** A booked carrier pickup of `partnerId`, created at `createdAt`; override what a test is about. */
export function aPickup(partnerId: string, overrides: Partial<Pickup> = {}): Pickup {
  const createdAt = overrides.createdAt ?? new Date('2030-01-01T09:00:00Z');
  return {
    pickupId: randomUUID(),
    returnId: randomUUID(),
    partnerId,
    method: 'carrier_pickup',
    state: 'scheduled',
    attempt: 1,
    maxAttempts: 3,
    window: { from: new Date('2030-01-02T00:00:00Z'), to: new Date('2030-01-04T00:00:00Z') },
    slot: { from: new Date('2030-01-02T08:00:00Z'), to: new Date('2030-01-02T12:00:00Z') },
    address: { name: 'Erika Mustermann', line1: 'Hauptstr. 1', postalCode: '10115', city: 'Berlin', country: 'DE' },
    trackingNumber: newTrackingNumber(),
    dropOffCode: null,
    deadline: new Date('2030-01-03T12:00:00Z'),
    destinationWarehouseId: 'wh-berlin',
    lines: [{ lineId: 'line-1', sku: 'SKU-JACKET', quantity: 2 }],
    choice: { chosen: partnerId, rule: 'test', considered: [] },
    attemptBookedAt: createdAt,
    abandonReason: null,
    createdAt,
    updatedAt: createdAt,
    ...overrides,
  };
}
