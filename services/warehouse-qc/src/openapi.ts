/**
 * Writes warehouse-qc's OpenAPI document to a file (`nx run warehouse-qc:openapi`), without a
 * database or Kafka: the document depends only on the controllers and DTOs.
 */
import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { documentControllers, runOpenApiCommand } from '@rebound/http';
import { GradingRulesController } from './api/grading-rules.controller';
import { InspectionsController } from './api/inspections.controller';
import { QcApiService } from './api/qc-api.service';
import { OPENAPI_META } from './bootstrap';
import { GRADING_RULES } from './providers';

// The document is read from decorators only; the controllers' dependencies are never called.
@Module({
  controllers: [InspectionsController, GradingRulesController],
  providers: [
    { provide: QcApiService, useValue: {} },
    { provide: GRADING_RULES, useValue: {} },
  ],
})
class DocumentedApi {}

export function buildOpenApiDocument() {
  return documentControllers(DocumentedApi, OPENAPI_META);
}

if (require.main === module) runOpenApiCommand(buildOpenApiDocument);
