/**
 * Writes refunds' OpenAPI document to a file (`nx run refunds:openapi`), without a database or Kafka:
 * the document depends only on the controllers and DTOs.
 */
import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { documentControllers, runOpenApiCommand } from '@rebound/http';
import { ReconciliationApiService } from './api/reconciliation-api.service';
import { ReconciliationController } from './api/reconciliation.controller';
import { RefundsApiService } from './api/refunds-api.service';
import { RefundsController } from './api/refunds.controller';
import { StoreCreditApiService } from './api/store-credit-api.service';
import { StoreCreditController } from './api/store-credit.controller';
import { OPENAPI_META } from './bootstrap';

// The document is read from decorators only; the controllers' dependencies are never called.
@Module({
  controllers: [RefundsController, StoreCreditController, ReconciliationController],
  providers: [
    { provide: ReconciliationApiService, useValue: {} },
    { provide: RefundsApiService, useValue: {} },
    { provide: StoreCreditApiService, useValue: {} },
  ],
})
class DocumentedApi {}

export function buildOpenApiDocument() {
  return documentControllers(DocumentedApi, OPENAPI_META);
}

if (require.main === module) runOpenApiCommand(buildOpenApiDocument);
