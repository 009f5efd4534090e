/**
 * Writes returns-intake's OpenAPI document to a file (`nx run returns-intake:openapi`), without a
 * database or Kafka: the document depends only on the controllers and DTOs.
 */
import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { documentControllers, runOpenApiCommand } from '@rebound/http';
import { OrdersController } from './api/orders.controller';
import { PolicyController } from './api/policy.controller';
import { ProductsController } from './api/products.controller';
import { ReturnsController } from './api/returns.controller';
import { OPENAPI_META } from './bootstrap';
import { ReturnsApiService } from './api/returns-api.service';
import { TRANSACTIONS } from '@rebound/service';
import { RecordOrder } from './domain/use-cases/record-order/record-order';
import { RecordProduct } from './domain/use-cases/record-product/record-product';
import { ReplacePolicy } from './domain/use-cases/replace-policy/replace-policy';
import { ShowPolicy } from './domain/use-cases/show-policy/show-policy';

// The document is read from decorators only; the controllers' dependencies are never called.
@Module({
  controllers: [ReturnsController, OrdersController, ProductsController, PolicyController],
  providers: [
    { provide: ReturnsApiService, useValue: {} },
    { provide: TRANSACTIONS, useValue: {} },
    { provide: RecordOrder, useValue: {} },
    { provide: RecordProduct, useValue: {} },
    { provide: ShowPolicy, useValue: {} },
    { provide: ReplacePolicy, useValue: {} },
  ],
})
class DocumentedApi {}

export function buildOpenApiDocument() {
  return documentControllers(DocumentedApi, OPENAPI_META);
}

if (require.main === module) runOpenApiCommand(buildOpenApiDocument);
