/**
 * Writes the deployment files derived from libs/contracts (`npx nx run scripts:deploy-files`): the
 * Strimzi topics and users (kafka-resources.ts) and each service's Kubernetes manifests, compose
 * entries and image build line (service-files.ts). Or prints one 3PL partner's KafkaUser to add to a
 * deployment (`… --partner <id>`).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { stringify } from 'yaml';
import { generatedKafkaFiles, partnerUser } from './kafka-resources';
import { generatedServiceFiles } from './service-files';

const ROOT = resolve(__dirname, '../..');

function readCurrent(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

function main(argv: string[]): void {
  const { values } = parseArgs({ args: argv, options: { partner: { type: 'string' } } });
  if (values.partner !== undefined) {
    process.stdout.write(stringify(partnerUser(values.partner)));
    return;
  }
  const files = [
    ...generatedKafkaFiles(ROOT),
    ...generatedServiceFiles((path) => readFileSync(join(ROOT, path), 'utf8')),
  ];
  for (const [path, content] of files) {
    const file = join(ROOT, path);
    if (readCurrent(file) === content) {
      console.log(`    ✓ ${path} is up to date`);
      continue;
    }
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, content);
    console.log(`    ✓ wrote ${path}`);
  }
}

try {
  main(process.argv.slice(2));
} catch (error) {
  console.error(`    ✗ ${(error as Error).message}`);
  process.exit(1);
}
