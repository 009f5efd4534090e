/**
 * Writes returns-intake's OpenAPI document to a file (`nx run returns-intake:openapi`), without a
 * database or Kafka: the document depends only on the controllers and DTOs.
 */
import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { openApiDocument, writeOpenApiDocument } from '@rebound/http';
import { OrdersController } from './api/orders.controller';
import { PolicyController } from './api/policy.controller';
import { ReturnsController } from './api/returns.controller';
import { OPENAPI_META } from './bootstrap';
import { ReturnsApiService } from './api/returns-api.service';
import { TRANSACTIONS } from './providers';
import { DataSource } from 'typeorm';

// The document is read from decorators only; the controllers' dependencies are never called.
@Module({
  controllers: [ReturnsController, OrdersController, PolicyController],
  providers: [
    { provide: ReturnsApiService, useValue: {} },
    { provide: DataSource, useValue: {} },
    { provide: TRANSACTIONS, useValue: {} },
  ],
})
class DocumentedApi {}

export async function buildOpenApiDocument() {
  const app = await NestFactory.create(DocumentedApi, { logger: false, abortOnError: false });
  try {
    return openApiDocument(app, OPENAPI_META);
  } finally {
    await app.close();
  }
}

if (require.main === module) {
  const target = process.argv[2];
  if (!target) throw new Error('usage: openapi.ts <output file>');
  buildOpenApiDocument()
    .then((document) => writeOpenApiDocument(document, target))
    .then(() => console.log(`OpenAPI document written to ${target}`))
    .catch((error: unknown) => {
      console.error(error);
      process.exit(1);
    });
}
