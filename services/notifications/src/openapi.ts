/**
 * Writes notifications' OpenAPI document to a file (`nx run notifications:openapi`), without a
 * database or Kafka: the document depends only on the controllers and DTOs.
 */
import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { documentControllers, runOpenApiCommand } from '@rebound/http';
import { WebhookDeliveriesController, WebhookSubscriptionsController } from './api/webhook-subscriptions.controller';
import { WebhooksApiService } from './api/webhooks-api.service';
import { OPENAPI_META } from './bootstrap';

// The document is read from decorators only; the controllers' dependencies are never called.
@Module({
  controllers: [WebhookSubscriptionsController, WebhookDeliveriesController],
  providers: [{ provide: WebhooksApiService, useValue: {} }],
})
class DocumentedApi {}

export function buildOpenApiDocument() {
  return documentControllers(DocumentedApi, OPENAPI_META);
}

if (require.main === module) runOpenApiCommand(buildOpenApiDocument);
