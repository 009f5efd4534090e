/**
 * Writes the Strimzi topics and users derived from libs/contracts into k8s/ (`npx nx run scripts:k8s-kafka`),
 * or prints one 3PL partner's KafkaUser to add to a deployment (`… --partner <id>`).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { stringify } from 'yaml';
import { generatedKafkaFiles, partnerUser } from './kafka-resources';

const ROOT = resolve(__dirname, '../..');

function main(argv: string[]): void {
  const { values } = parseArgs({ args: argv, options: { partner: { type: 'string' } } });
  if (values.partner !== undefined) {
    process.stdout.write(stringify(partnerUser(values.partner)));
    return;
  }
  for (const [path, content] of generatedKafkaFiles(ROOT)) {
    const file = join(ROOT, path);
    let current: string | undefined;
    try {
      current = readFileSync(file, 'utf8');
    } catch {
      current = undefined;
    }
    if (current === content) {
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
