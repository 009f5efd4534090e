import { IsUUID } from 'class-validator';
import { EventPayload } from '../../event-payload';
import { IsId } from '../field-decorators';

/** What every event on `returns.return.v1` carries. */
export abstract class ReturnPayload extends EventPayload {
  @IsUUID() returnId!: string;
  @IsId() orderId!: string;
}
