/**
 * A service's OpenAPI document as a list of operations a test can call: for each, the request body
 * schema and a sample body built from it (the fields' examples, defaults, enums and bounds), the
 * required fields by path, and the required headers and query parameters. Tests that must reach
 * every endpoint (the required-field walk, the fuzz suite) read the API from here, so a new endpoint
 * is covered the day it is declared.
 */
import { randomUUID } from 'node:crypto';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- OpenAPI documents are read field by field
type Json = any;

export interface ApiOperation {
  /** `POST /v1/returns/{returnId}/cancel`: how the walk and the fuzz suite name it. */
  readonly key: string;
  readonly method: string;
  /** The path template (`/v1/returns/{returnId}`). */
  readonly path: string;
  readonly pathParameters: readonly string[];
  readonly requiredHeaders: readonly string[];
  readonly queryParameters: readonly { readonly name: string; readonly required: boolean; readonly schema: Json }[];
  /** The JSON request body's schema, resolved; undefined for operations without a body. */
  readonly bodySchema?: Json;
  /** The permission a caller's token must carry (`x-permission`). */
  readonly permission?: string;
  /** `own` where customers' tokens are admitted, for their own records (`x-customers`). */
  readonly customers?: string;
  /** Why the operation asks for no bearer token (`x-open`). */
  readonly open?: string;
}

/** Every operation of the document, in the order it lists them. */
export function operationsOf(document: Json): ApiOperation[] {
  return Object.entries(document.paths as Record<string, Record<string, Json>>).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => {
      const parameters: Json[] = operation.parameters ?? [];
      const body = operation.requestBody?.content?.['application/json']?.schema;
      return {
        key: `${method.toUpperCase()} ${path}`,
        method: method.toUpperCase(),
        path,
        pathParameters: parameters.filter((parameter) => parameter.in === 'path').map((parameter) => parameter.name),
        requiredHeaders: parameters
          .filter((parameter) => parameter.in === 'header' && parameter.required)
          .map((parameter) => parameter.name),
        queryParameters: parameters
          .filter((parameter) => parameter.in === 'query')
          .map((parameter) => ({
            name: parameter.name,
            required: parameter.required === true,
            schema: resolve(document, parameter.schema ?? {}),
          })),
        ...(body && { bodySchema: resolve(document, body) }),
        ...(operation['x-permission'] && { permission: operation['x-permission'] }),
        ...(operation['x-customers'] && { customers: operation['x-customers'] }),
        ...(operation['x-open'] && { open: operation['x-open'] }),
      };
    }),
  );
}

/** A schema with its `$ref` (and Nest's single-entry `allOf: [{ $ref }]`) followed. */
export function resolve(document: Json, schema: Json): Json {
  if (schema?.$ref) return resolve(document, lookup(document, schema.$ref));
  if (Array.isArray(schema?.allOf) && schema.allOf.length === 1) {
    const { allOf, ...rest } = schema;
    return { ...resolve(document, allOf[0]), ...rest };
  }
  return schema;
}

function lookup(document: Json, ref: string): Json {
  return ref
    .replace(/^#\//, '')
    .split('/')
    .reduce((node: Json, key: string) => node?.[key], document);
}

/**
 * The smallest body the schema describes: every required field and nothing else, each from its
 * example, default or first enum value, else the least value its type and bounds allow.
 */
export function sampleOf(document: Json, schema: Json): unknown {
  const resolved = resolve(document, schema);
  if (resolved.example !== undefined) return structuredClone(resolved.example);
  if (resolved.default !== undefined) return structuredClone(resolved.default);
  if (Array.isArray(resolved.enum)) return resolved.enum[0];
  switch (resolved.type) {
    case 'object': {
      const properties: Record<string, Json> = resolved.properties ?? {};
      const required: string[] = resolved.required ?? [];
      return Object.fromEntries(required.map((name) => [name, sampleOf(document, properties[name] ?? {})]));
    }
    case 'array':
      return Array.from({ length: Math.max(1, resolved.minItems ?? 1) }, () =>
        sampleOf(document, resolved.items ?? {}),
      );
    case 'integer':
    case 'number':
      return resolved.minimum ?? (resolved.maximum !== undefined ? Math.min(1, resolved.maximum) : 1);
    case 'boolean':
      return false;
    case 'string':
      return sampleString(resolved);
    default:
      // A free-form value (`Record<string, …>`): an empty object is the least of it.
      return resolved.properties ? sampleOf(document, { ...resolved, type: 'object' }) : {};
  }
}

function sampleString(schema: Json): string {
  switch (schema.format) {
    case 'uuid':
      return randomUUID();
    case 'date-time':
      return new Date(Date.now() + 24 * 60 * 60 * 1000).toISOString();
    case 'uri':
      return 'https://example.com/rebound';
    default:
      return 'x'.repeat(Math.max(1, schema.minLength ?? 1));
  }
}

/**
 * The path (`lines[0].quantity`) of every field the schema requires, nested required objects and
 * the first item of required arrays included, each with the path of the field that holds it.
 */
export function requiredFieldPaths(document: Json, schema: Json, prefix = ''): string[] {
  const resolved = resolve(document, schema);
  if (resolved.type === 'array') return requiredFieldPaths(document, resolved.items ?? {}, `${prefix}[0]`);
  if (resolved.type !== 'object' && !resolved.properties) return [];
  const properties: Record<string, Json> = resolved.properties ?? {};
  return (resolved.required ?? []).flatMap((name: string) => {
    const path = prefix ? `${prefix}.${name}` : name;
    return [path, ...requiredFieldPaths(document, properties[name] ?? {}, path)];
  });
}

/** A copy of `value` without the field at `path` (as `requiredFieldPaths` writes it). */
export function withoutField(value: unknown, path: string): unknown {
  const copy = structuredClone(value) as Json;
  const steps = [...path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)].map((match) => match[1] ?? Number(match[2]));
  const last = steps.pop();
  const holder = steps.reduce((node: Json, step) => node?.[step], copy);
  if (holder !== undefined && last !== undefined) delete holder[last];
  return copy;
}

/** The operation's path with each parameter filled from `values`, or a fresh UUID. */
export function concretePath(operation: ApiOperation, values: Readonly<Record<string, string>> = {}): string {
  return operation.path.replace(/\{(\w+)\}/g, (_match, name: string) =>
    encodeURIComponent(values[name] ?? randomUUID()),
  );
}
