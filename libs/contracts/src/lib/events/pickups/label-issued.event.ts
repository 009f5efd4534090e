import { IsIn, IsOptional } from 'class-validator';
import { Topics } from '../../topics';
import { IsId, IsTimestamp } from '../field-decorators';
import { LABEL_METHODS, LabelMethod } from '../vocabulary';
import { PickupPayload } from './pickup-payload';

export class LabelIssued extends PickupPayload {
  static readonly eventType = 'LabelIssued';
  static readonly topic = Topics.pickupsPickup;
  @IsIn(LABEL_METHODS) method!: LabelMethod;
  @IsId() trackingNumber!: string;
  /** Code the customer shows at the drop-off point instead of a printed label. */
  @IsOptional() @IsId() dropOffCode?: string;
  /** Past this, the label is void and the return expires. */
  @IsTimestamp() expiresAt!: string;
}
