import { Topics } from '../../topics';
import { IsId } from '../field-decorators';
import { PickupPayload } from './pickup-payload';

export class ParcelDeliveredToWarehouse extends PickupPayload {
  static readonly eventType = 'ParcelDeliveredToWarehouse';
  static readonly topic = Topics.pickupsPickup;
  @IsId() warehouseId!: string;
}
