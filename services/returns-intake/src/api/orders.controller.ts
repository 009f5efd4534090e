/** REST for the order read model, for commerce platforms that do not publish `commerce.order.v1`. */
import { Body, Controller, Inject, Param, Put } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblemResponses, Requires } from '@rebound/http';
import { DomainError } from '@rebound/kernel';
import { TRANSACTIONS } from '@rebound/service';
import type { TransactionRunner } from '../domain/ports';
import { RecordOrder } from '../domain/use-cases/record-order/record-order';
import { RecordOrderCommand } from '../domain/use-cases/record-order/record-order.command';
import { OrderResponse } from './dto/order.response';
import { PutOrderRequest } from './dto/put-order.request';

const ORDER_ID = /^[\x21-\x7e]{1,64}$/;

@ApiTags('orders')
@Controller('v1/orders')
export class OrdersController {
  constructor(
    @Inject(TRANSACTIONS) private readonly transactions: TransactionRunner,
    private readonly recordOrder: RecordOrder,
  ) {}

  @Put(':orderId')
  @Requires('orders:write')
  @ApiOperation({
    summary: 'Create or replace the copy of an order that returns are judged against.',
    description:
      'Only the commerce platform writes orders (`orders:write`). Delivery, once recorded, is kept. Once returns ' +
      'refer to an order, what they were judged on stands: its lines cannot be removed, and their price, quantity, ' +
      'sku, category and final-sale flag, the delivery date, the loyalty tier and the currency cannot change ' +
      '(409 `order-conflicts-with-returns`, naming each field). ' +
      'Payments must fit the lines: each allocation names a line of the order, each charge is listed once, and no ' +
      'line is allocated more than it cost (422 payments-do-not-match-order).',
  })
  @ApiOkResponse({ type: OrderResponse })
  @ApiProblemResponses(400, 409, 422)
  async put(@Param('orderId') orderId: string, @Body() body: PutOrderRequest): Promise<OrderResponse> {
    if (!ORDER_ID.test(orderId)) {
      throw new DomainError('invalid', 'invalid-order-id', 'order id must be 1-64 printable ASCII characters', {
        problems: [{ field: 'orderId', message: 'must be 1-64 printable ASCII characters' }],
      });
    }
    const command = new RecordOrderCommand({ ...body, orderId });
    await this.transactions.run((tx) => this.recordOrder.execute(tx, command));
    return { orderId, ...body };
  }
}
