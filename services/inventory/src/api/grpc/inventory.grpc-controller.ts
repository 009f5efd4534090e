/**
 * gRPC twin of the REST reads (proto/inventory/v1/inventory.proto): the same service, the same
 * validation, the same answers — so REST and gRPC readers always agree.
 */
import { Controller } from '@nestjs/common';
import { GrpcMethod } from '@nestjs/microservices';
import { decoded, grpcCall, PageQuery, Requires, UndecodableMessage, validateInput, withoutNulls } from '@rebound/http';
import { InventoryApiService } from '../inventory-api.service';

@Controller()
export class InventoryGrpcController {
  constructor(private readonly api: InventoryApiService) {}

  @GrpcMethod('InventoryService', 'GetStock')
  @Requires('stock:read')
  getStock(message: { sku?: string } | UndecodableMessage): Promise<object> {
    return grpcCall(() => this.api.stock(decoded(message).sku ?? ''));
  }

  @GrpcMethod('InventoryService', 'ListLedger')
  @Requires('stock:read')
  listLedger(message: { sku?: string; limit?: number; cursor?: string } | UndecodableMessage): Promise<object> {
    return grpcCall(async () => {
      const { sku, ...paging } = decoded(message);
      const page = await this.api.ledger(sku ?? '', validateInput(PageQuery, paging));
      return {
        items: page.items.map((entry) => withoutNulls({ ...entry })),
        ...(page.nextCursor && { nextCursor: page.nextCursor }),
      };
    });
  }
}
