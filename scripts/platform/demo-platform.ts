/** What the bring-up runs: the demo partners and their simulators, and the inspector's grades. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PlatformSettings, SimulatedPartner } from './platform';
import { DEMO_WAREHOUSE, SAMPLE_GRADES } from './sample-returns';

export const DEMO_PARTNERS_FILE = 'services/pickup-scheduling/partners/demo-partners.json';

/**
 * One simulator per demo partner. kiezkurier, the cheapest for Berlin, fails every first attempt
 * ("customer not at home") so the demo shows a pickup rescheduled; the others collect every time.
 * Fixed seeds make the runs repeatable; `--from-beginning` makes a simulator's first run read the
 * bookings made before its consumer group had joined.
 */
export const DEMO_PARTNER_SIMULATORS: readonly SimulatedPartner[] = [
  { partnerId: 'parcelpoint', args: ['--delay', '200-800', '--duplicate-rate', '0.1', '--seed', '1'] },
  { partnerId: 'swiftback', args: ['--delay', '200-800', '--seed', '2'] },
  {
    partnerId: 'kiezkurier',
    args: ['--delay', '200-800', '--failure-rate', '1', '--max-failed-attempts', '1', '--seed', '3'],
  },
].map((partner) => ({ ...partner, args: [...partner.args, '--from-beginning'] }));

export const DEMO_INSPECTOR: PlatformSettings['inspector'] = { warehouses: [DEMO_WAREHOUSE], ...SAMPLE_GRADES };

/**
 * Each service's own variables in every platform: the demo partners are seeded at pickup-scheduling's
 * start; notifications may call webhook receivers on this machine (a merchant simulator's).
 */
export const DEMO_SERVICE_ENV = {
  'pickup-scheduling': { PARTNERS_SEED_FILE: DEMO_PARTNERS_FILE },
  notifications: { WEBHOOK_ALLOWED_HOSTS: '127.0.0.1' },
} as const;

/** The ids of the demo partners in DEMO_PARTNERS_FILE, under the repository root `root`. */
export function demoPartnerIds(root: string): string[] {
  const partners = JSON.parse(readFileSync(join(root, DEMO_PARTNERS_FILE), 'utf8')) as { partnerId: string }[];
  return partners.map((partner) => partner.partnerId);
}
