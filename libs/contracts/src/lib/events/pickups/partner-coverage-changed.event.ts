import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { EventClass, EventPayload } from '../../event-payload';
import { PARTNER_ID_PATTERN, Topics } from '../../topics';
import { IsTimestamp } from '../field-decorators';
import { RETURN_METHODS, type ReturnMethod } from '../vocabulary';
import { ServiceArea, SlotWindow } from './partner-coverage';

/**
 * Where, how and when a partner collects now, keyed by partner id on a compacted topic: the latest
 * value per key is the partner's coverage. Published when a partner is registered or changed, and
 * for every partner when pickup-scheduling starts, so a new reader learns them all.
 */
export class PartnerCoverageChanged extends EventPayload {
  static readonly eventType = 'PartnerCoverageChanged';
  static readonly topic = Topics.pickupsPartner;
  @Matches(PARTNER_ID_PATTERN) partnerId!: string;
  /** An inactive partner is booked for nothing. */
  @IsBoolean() active!: boolean;
  @IsArray() @ArrayMaxSize(200) @ValidateNested({ each: true }) @Type(() => ServiceArea) serviceAreas!: ServiceArea[];
  @IsArray() @ArrayUnique() @IsIn(RETURN_METHODS, { each: true }) capabilities!: ReturnMethod[];
  @IsArray() @ArrayMaxSize(48) @ValidateNested({ each: true }) @Type(() => SlotWindow) slotWindows!: SlotWindow[];
  /** How many days ahead pickup-scheduling books this partner's slots. */
  @IsInt() @Min(1) @Max(366) horizonDays!: number;
  @IsTimestamp() changedAt!: string;
}

/** Every event on `pickups.partner.v1`. */
export const PartnerCoverageEvents = [PartnerCoverageChanged] as const satisfies readonly EventClass[];
