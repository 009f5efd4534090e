import { Type } from 'class-transformer';
import { IsArray, IsIn, ValidateNested } from 'class-validator';
import { Topics } from '../../topics';
import { IsId, IsTimestamp } from '../field-decorators';
import { LineResolution } from './line-resolution';
import { ReturnPayload } from './return-payload';
import { RESOLUTION_CHANGE_REASONS, type ResolutionChangeReason } from '../vocabulary';

/**
 * A line of an approved return now resolves differently: the replacement the customer chose could not
 * be reserved, so the customer's next choice (or, with none left, a refund) holds; inspection did not
 * accept the returned item, so an exchange that was to ship after it becomes a refund as graded; or the
 * return expired, so every exchanged line becomes a refund with no choices left (should the parcel turn
 * up after all, it is refunded as graded).
 */
export class LineResolutionChanged extends ReturnPayload {
  static readonly eventType = 'LineResolutionChanged';
  static readonly topic = Topics.returnsReturn;
  @IsId() lineId!: string;
  @ValidateNested() @Type(() => LineResolution) resolution!: LineResolution;
  /** The choices still left after this one, in order. */
  @IsArray() @ValidateNested({ each: true }) @Type(() => LineResolution) fallbacks!: LineResolution[];
  @IsIn(RESOLUTION_CHANGE_REASONS) reason!: ResolutionChangeReason;
  @IsTimestamp() changedAt!: string;
}
