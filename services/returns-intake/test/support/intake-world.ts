/**
 * One returns-intake per test file (`useServiceWorld`: real Postgres and real Kafka, a schema of its
 * own and the whole topic catalogue under a namespace of its own), with REST, gRPC, the consumer and
 * the outbox relay. Tests publish other services' events the way they would with `publish`, and read
 * what returns-intake really published from `published`. Before any test runs, a partner covering
 * every test address, method and window is announced (as pickup-scheduling would) and learned.
 */
import { PartnerCoverageChanged, RETURN_METHODS, Services } from '@rebound/contracts';
import { freePort, useServiceWorld, waitUntil, type ServiceWorld } from '@rebound/testing';
import { IntakeApplication, startIntake } from '../../src/bootstrap';
import { loadIntakeConfig } from '../../src/config/intake-config';

export interface IntakeWorld extends ServiceWorld<IntakeApplication> {
  /** Announces a partner's coverage as pickup-scheduling would, and waits until returns-intake has learned it. */
  announceCoverage(coverage: Partial<PartnerCoverageChanged> & { partnerId: string }): Promise<void>;
}

/** `env` goes over the ground's: a tiny rate limit, say, or `KEYCLOAK_ENV` to trust the local Keycloak instead of the test issuer. */
export function useIntakeWorld(prefix: string, env: Record<string, string> = {}): () => IntakeWorld {
  return useServiceWorld({
    prefix,
    service: Services.returnsIntake,
    env: async () => ({ ...env, GRPC_PORT: String(await freePort()) }),
    load: loadIntakeConfig,
    start: (config) => startIntake(config, { logger: false }),
    extend: async (world) => {
      async function announceCoverage(coverage: Partial<PartnerCoverageChanged> & { partnerId: string }) {
        const announced = { ...everywhere(), changedAt: new Date().toISOString(), ...coverage };
        await world.publish(PartnerCoverageChanged, announced, announced.partnerId);
        await waitUntil(`returns-intake to learn ${announced.partnerId}'s coverage`, async () => {
          const rows = await world.schema.query(
            'SELECT 1 FROM partner_coverage WHERE partner_id = $1 AND changed_at = $2',
            [announced.partnerId, announced.changedAt],
          );
          return rows.length === 1;
        });
      }
      await announceCoverage({ partnerId: 'test-everywhere' });
      return { announceCoverage };
    },
  });
}

/** Countries test orders ship to. */
const TEST_COUNTRIES = ['DE', 'FR', 'US', 'AT', 'NL', 'GB', 'ES', 'IT', 'PL', 'CH'];

/**
 * A partner every test return fits: the whole of every test country, every method, and an hour-long
 * slot every hour, so any window of two hours or more holds a whole slot.
 */
export function everywhere(): Omit<PartnerCoverageChanged, 'changedAt'> {
  return {
    partnerId: 'test-everywhere',
    active: true,
    serviceAreas: TEST_COUNTRIES.map((country) => ({ country, postalPrefixes: [] })),
    capabilities: [...RETURN_METHODS],
    slotWindows: Array.from({ length: 24 }, (_, hour) => ({
      start: `${String(hour).padStart(2, '0')}:00`,
      end: hour === 23 ? '24:00' : `${String(hour + 1).padStart(2, '0')}:00`,
      capacity: 100,
    })),
    horizonDays: 60,
  };
}
