/**
 * The checks every service's OpenAPI test makes: the committed document is what the controllers
 * declare (so a stale one fails), and the running service serves it.
 */
import { readFile } from 'node:fs/promises';
import type { JsonHttp } from './service-ground';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read the document field by field
type Json = any;

/** The OpenAPI document committed at `file`. */
export async function committedDocument(file: string): Promise<Json> {
  return JSON.parse(await readFile(file, 'utf8'));
}

/**
 * Fails when `file` is not what `build` generates now, or when an operation has no summary (the
 * line Swagger UI and generated clients show for it: `@ApiOperation({ summary })`).
 */
export async function expectCommittedOpenApi(file: string, build: () => Promise<object> | object): Promise<void> {
  const committed = await committedDocument(file);
  expect(JSON.parse(JSON.stringify(await build()))).toEqual(committed);
  const withoutSummary = Object.entries(committed.paths as Record<string, Record<string, Json>>).flatMap(
    ([path, operations]) =>
      Object.entries(operations)
        .filter(([, operation]) => typeof operation.summary !== 'string' || operation.summary.trim() === '')
        .map(([method]) => `${method.toUpperCase()} ${path}`),
  );
  expect({ operationsWithoutSummary: withoutSummary }).toEqual({ operationsWithoutSummary: [] });
}

/** GET /docs-json: checks it answers with every path of the committed document, and returns it. */
export async function servedOpenApi(http: JsonHttp, file: string): Promise<Json> {
  const served = await http('GET', '/docs-json');
  expect(served.status).toBe(200);
  expect(Object.keys(served.body.paths).sort()).toEqual(Object.keys((await committedDocument(file)).paths).sort());
  return served.body;
}
