/**
 * Announces every registered partner's coverage once more, in one transaction. The service does it
 * at start: the topic is compacted, so this costs a message per partner, and a reader that starts
 * from an empty read model (or lost messages to compaction of a deleted key) learns every partner
 * without asking this service. The partners are read under lock and the announcement timed after:
 * a change made meanwhile either is read, or waits and is timed (and wins) after it.
 */
import type { UseCase } from '@rebound/kernel';
import { announceCoverage } from '../../announcements';
import type { Clock, PickupsTransaction, SchedulingSettings } from '../../ports';

export class AnnounceCoverage implements UseCase<PickupsTransaction, void, number> {
  constructor(
    private readonly clock: Clock,
    private readonly settings: SchedulingSettings,
  ) {}

  /** How many partners were announced. */
  async execute(tx: PickupsTransaction): Promise<number> {
    // Read under lock, then timed: a change made meanwhile is either read here or timed after this.
    const partners = await tx.partners.allPartners();
    const now = this.clock.now();
    for (const partner of partners) await announceCoverage(tx.events, partner, this.settings, now);
    return partners.length;
  }
}
