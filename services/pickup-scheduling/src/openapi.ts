/**
 * Writes pickup-scheduling's OpenAPI document to a file (`nx run pickup-scheduling:openapi`), without
 * a database or Kafka: the document depends only on the controllers and DTOs.
 */
import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { documentControllers, runOpenApiCommand } from '@rebound/http';
import { CLOCK } from '@rebound/service';
import { PartnersController } from './api/partners.controller';
import { PickupsApiService } from './api/pickups-api.service';
import { PickupsController } from './api/pickups.controller';
import { WebhookAuthGuard } from './api/webhook-auth.guard';
import { OPENAPI_META } from './bootstrap';
import { PICKUPS_CONFIG, TOKEN_VERIFIER } from './providers';

// The document is read from decorators only; the controllers' dependencies are never called.
@Module({
  controllers: [PartnersController, PickupsController],
  providers: [
    { provide: PickupsApiService, useValue: {} },
    { provide: WebhookAuthGuard, useValue: {} },
    { provide: CLOCK, useValue: {} },
    { provide: PICKUPS_CONFIG, useValue: {} },
    { provide: TOKEN_VERIFIER, useValue: {} },
  ],
})
class DocumentedApi {}

export function buildOpenApiDocument() {
  return documentControllers(DocumentedApi, OPENAPI_META);
}

if (require.main === module) runOpenApiCommand(buildOpenApiDocument);
