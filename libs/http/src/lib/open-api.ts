/** OpenAPI for every service: the document, Swagger UI at /docs, JSON at /docs-json, problem responses. */
import { mkdir, writeFile } from 'node:fs/promises';
import { STATUS_CODES } from 'node:http';
import { dirname } from 'node:path';
import { INestApplication, Type, applyDecorators } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import {
  ApiExtraModels,
  ApiResponse,
  DocumentBuilder,
  OpenAPIObject,
  SwaggerModule,
  getSchemaPath,
} from '@nestjs/swagger';
import type { OperationObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { FieldProblem, ProblemDetails } from './problem-details';
import { WRITE_METHODS } from './write-methods';

/** The security scheme every guarded operation names. */
export const BEARER_SCHEME = 'bearer';

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
    .addBearerAuth(
      {
        type: 'http',
        scheme: 'bearer',
        bearerFormat: 'JWT',
        description:
          'An access token of the OpenID Connect issuer the service trusts, for its audience; each operation ' +
          'names the permission it requires in `x-permission` (docs/security.md).',
      },
      BEARER_SCHEME,
    )
    .build();
  // Listed here so the ProblemDetails component exists even before a route references it.
  const document = SwaggerModule.createDocument(app, config, { extraModels: [ProblemDetails, FieldProblem] });
  return mapOperations(document, (method, operation) =>
    WRITE_METHODS.has(method.toUpperCase()) && !operation.responses['429']
      ? { ...operation, responses: { ...operation.responses, '429': RATE_LIMITED } }
      : operation,
  );
}

const RATE_LIMITED = {
  description: "Too Many Requests: the client's writes for this minute are spent (docs/security.md, Rate limits).",
  headers: { 'Retry-After': { description: 'Seconds until a write is served again.', schema: { type: 'integer' } } },
  content: { 'application/problem+json': { schema: { $ref: getSchemaPath(ProblemDetails) } } },
};

function mapOperations(
  document: OpenAPIObject,
  map: (method: string, operation: OperationObject) => OperationObject,
): OpenAPIObject {
  const paths = Object.fromEntries(
    Object.entries(document.paths).map(([path, item]) => [
      path,
      Object.fromEntries(
        Object.entries(item).map(([method, operation]) => [method, map(method, operation as OperationObject)]),
      ),
    ]),
  );
  return { ...document, paths };
}

/**
 * Call before `app.listen()`: routes added after Nest's catch-all 404 would never be reached. With the
 * issuer the service trusts, the served document also offers it as an OpenID Connect scheme, so
 * Swagger UI's "Authorize" gets a token from it (client credentials, or a sign-in); the committed
 * document, written without a running issuer, has the bearer scheme only.
 */
export function setupOpenApi(app: INestApplication, meta: OpenApiMeta, issuer?: string): OpenAPIObject {
  const document = issuer ? withIssuer(openApiDocument(app, meta), issuer) : openApiDocument(app, meta);
  SwaggerModule.setup('docs', app, document, {
    raw: ['json'],
    jsonDocumentUrl: 'docs-json',
    swaggerOptions: { persistAuthorization: true, initOAuth: { usePkceWithAuthorizationCodeGrant: true } },
  });
  return document;
}

/** The scheme Swagger UI's "Authorize" offers beside pasting a bearer token. */
export const OIDC_SCHEME = 'oidc';

function withIssuer(document: OpenAPIObject, issuer: string): OpenAPIObject {
  const discovery = `${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`;
  const offered = mapOperations(document, (_method, operation) =>
    operation.security?.some((requirement) => BEARER_SCHEME in requirement)
      ? { ...operation, security: [...operation.security, { [OIDC_SCHEME]: [] }] }
      : operation,
  );
  return {
    ...offered,
    components: {
      ...document.components,
      securitySchemes: {
        ...document.components?.securitySchemes,
        [OIDC_SCHEME]: {
          type: 'openIdConnect',
          openIdConnectUrl: discovery,
          description: 'Sign in at the issuer the service trusts, or use a client of its (client credentials).',
        },
      },
    },
  };
}

/** Pretty JSON with a trailing newline; @nestjs/swagger emits keys in a stable order, so reruns diff cleanly. */
export async function writeOpenApiDocument(document: OpenAPIObject, filePath: string): Promise<void> {
  await mkdir(dirname(filePath), { recursive: true });
  await writeFile(filePath, `${JSON.stringify(document, null, 2)}\n`, 'utf8');
}

/**
 * The document of a module's controllers without a database or Kafka: it is read from decorators
 * only, so `module` declares the controllers with stand-ins for whatever they inject.
 */
export async function documentControllers(module: Type<unknown>, meta: OpenApiMeta): Promise<OpenAPIObject> {
  const app = await NestFactory.create(module, { logger: false, abortOnError: false });
  try {
    return openApiDocument(app, meta);
  } finally {
    await app.close();
  }
}

/** The body of a service's `openapi.ts <output file>` command (its `nx run <service>:openapi` target). */
export function runOpenApiCommand(build: () => Promise<OpenAPIObject>, argv: readonly string[] = process.argv): void {
  const target = argv[2];
  if (!target) throw new Error('usage: openapi.ts <output file>');
  build()
    .then((document) => writeOpenApiDocument(document, target))
    .then(() => console.log(`OpenAPI document written to ${target}`))
    .catch((error: unknown) => {
      console.error(error);
      process.exit(1);
    });
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
