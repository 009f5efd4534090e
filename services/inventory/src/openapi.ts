/**
 * Writes inventory's OpenAPI document to a file (`nx run inventory:openapi`), without a database or
 * Kafka: the document depends only on the controllers and DTOs.
 */
import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { documentControllers, runOpenApiCommand } from '@rebound/http';
import { InventoryApiService } from './api/inventory-api.service';
import { StockController } from './api/stock.controller';
import { OPENAPI_META } from './bootstrap';

// The document is read from decorators only; the controllers' dependencies are never called.
@Module({
  controllers: [StockController],
  providers: [{ provide: InventoryApiService, useValue: {} }],
})
class DocumentedApi {}

export function buildOpenApiDocument() {
  return documentControllers(DocumentedApi, OPENAPI_META);
}

if (require.main === module) runOpenApiCommand(buildOpenApiDocument);
