/**
 * One tracking event from a partner, whichever way it came. The partner is the one the channel
 * authenticated (the topic's owner or the webhook's signer), never what the event says; an event
 * without an id could not be told from its repeats, and one without a time could not be ordered.
 */
import type { TrackingReported } from '@rebound/contracts';
import { DomainError, type FieldProblem } from '@rebound/kernel';
import type { TrackingChannel } from '../../ports';

export class RecordTrackingCommand {
  private constructor(
    readonly partnerId: string,
    readonly eventId: string,
    readonly channel: TrackingChannel,
    readonly event: TrackingReported,
  ) {}

  static of(report: {
    partnerId: string;
    eventId: string;
    channel: TrackingChannel;
    event: TrackingReported;
  }): RecordTrackingCommand {
    const problems: FieldProblem[] = [];
    if (!report.partnerId) problems.push({ field: 'partnerId', message: 'must name the reporting partner' });
    if (!report.eventId) problems.push({ field: 'eventId', message: 'must not be empty' });
    if (Number.isNaN(new Date(report.event.occurredAt).getTime())) {
      problems.push({ field: 'occurredAt', message: 'must be a date-time' });
    }
    if (problems.length > 0) throw DomainError.invalid(problems);
    return new RecordTrackingCommand(report.partnerId, report.eventId, report.channel, report.event);
  }
}
