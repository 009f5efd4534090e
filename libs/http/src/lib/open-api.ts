/** OpenAPI for every service: the document, Swagger UI at /docs, JSON at /docs-json, problem responses. */
import { mkdir, writeFile } from 'node:fs/promises';
import { STATUS_CODES } from 'node:http';
import { dirname } from 'node:path';
import { INestApplication, applyDecorators } from '@nestjs/common';
import {
  ApiExtraModels,
  ApiResponse,
  DocumentBuilder,
  OpenAPIObject,
  SwaggerModule,
  getSchemaPath,
} from '@nestjs/swagger';
import { FieldProblem, ProblemDetails } from './problem-details';

export interface OpenApiMeta {
  title: string;
  description: string;
  version: string;
}

export function openApiDocument(app: INestApplication, meta: OpenApiMeta): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle(meta.title)
    .setDescription(meta.description)
    .setVersion(meta.version)
    .build();
  // Listed here so the ProblemDetails component exists even before a route references it.
  return SwaggerModule.createDocument(app, config, { extraModels: [ProblemDetails, FieldProblem] });
}

/** Call before `app.listen()`: routes added after Nest's catch-all 404 would never be reached. */
export function setupOpenApi(app: INestApplication, meta: OpenApiMeta): OpenAPIObject {
  const document = openApiDocument(app, meta);
  SwaggerModule.setup('docs', app, document, { raw: ['json'], jsonDocumentUrl: 'docs-json' });
  return document;
}

/** Pretty JSON with a trailing newline; @nestjs/swagger emits keys in a stable order, so reruns diff cleanly. */
export async function writeOpenApiDocument(document: OpenAPIObject, filePath: string): Promise<void> {
  await mkdir(dirname(filePath), { recursive: true });
  await writeFile(filePath, `${JSON.stringify(document, null, 2)}\n`, 'utf8');
}

/** Documents the given error statuses as `application/problem+json` bodies (`@ApiProblemResponses(400, 404, 409)`). */
export function ApiProblemResponses(...statuses: number[]) {
  return applyDecorators(
    ApiExtraModels(ProblemDetails),
    ...statuses.map((status) =>
      ApiResponse({
        status,
        description: STATUS_CODES[status] ?? 'Error',
        content: { 'application/problem+json': { schema: { $ref: getSchemaPath(ProblemDetails) } } },
      }),
    ),
  );
}
