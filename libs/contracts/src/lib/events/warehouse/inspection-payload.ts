import { IsUUID } from 'class-validator';
import { EventPayload } from '../../event-payload';
import { IsId } from '../field-decorators';

/** What every event on `warehouse.inspection.v1` carries. */
export abstract class InspectionPayload extends EventPayload {
  @IsUUID() inspectionId!: string;
  @IsUUID() returnId!: string;
  @IsId() warehouseId!: string;
}
