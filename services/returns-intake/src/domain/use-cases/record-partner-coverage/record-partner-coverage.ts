/**
 * Keeps the partner coverage read model: where, how and when each partner collects, as
 * pickup-scheduling announces it on `pickups.partner.v1`. Returns are refused up front by it (see
 * partner-coverage) instead of being approved and then expiring for want of a partner. An
 * announcement older than the one stored changes nothing, so a late or replayed message never
 * brings back terms the partner has since changed.
 */
import type { UseCase } from '@rebound/kernel';
import type { IntakeTransaction } from '../../ports';
import type { RecordPartnerCoverageCommand } from './record-partner-coverage.command';

/** True when the announcement was kept, false when a newer one was already stored. */
export class RecordPartnerCoverage implements UseCase<IntakeTransaction, RecordPartnerCoverageCommand, boolean> {
  execute(tx: IntakeTransaction, command: RecordPartnerCoverageCommand): Promise<boolean> {
    return tx.coverage.save(command.coverage);
  }
}
