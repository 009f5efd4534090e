/** `PUT /v1/orders/{orderId}`: the order copy as stored. */
import { ApiProperty } from '@nestjs/swagger';
import { PutOrderRequest } from './put-order.request';

export class OrderResponse extends PutOrderRequest {
  @ApiProperty() orderId!: string;
}
