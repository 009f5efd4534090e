/**
 * `nx run contracts:asyncapi`: writes the AsyncAPI document (`asyncapi.command.ts <document> <architecture page>`)
 * and refreshes the event-flow section of the architecture page; the target then formats both.
 */
import 'reflect-metadata';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { buildAsyncApiDocument } from './asyncapi-document';
import { EVENT_FLOW_END, EVENT_FLOW_START, withEventFlow } from './event-flow-diagram';

const NEW_ARCHITECTURE_PAGE = `# Architecture\n\n## Event flow\n\n${EVENT_FLOW_START}\n${EVENT_FLOW_END}\n`;

async function main(documentPath: string | undefined, pagePath: string | undefined): Promise<void> {
  if (!documentPath || !pagePath) throw new Error('usage: asyncapi.command.ts <asyncapi.json> <architecture.md>');
  await writeFile(documentPath, `${JSON.stringify(buildAsyncApiDocument(), null, 2)}\n`, 'utf8');
  const page = existsSync(pagePath) ? await readFile(pagePath, 'utf8') : NEW_ARCHITECTURE_PAGE;
  await writeFile(pagePath, withEventFlow(page), 'utf8');
  console.log(`AsyncAPI document written to ${documentPath}, event flow to ${pagePath}`);
}

main(process.argv[2], process.argv[3]).catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
