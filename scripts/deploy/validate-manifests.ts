/**
 * Renders each overlay (or the ones named) and reports every schema and deployment problem, offline:
 *   npx nx run scripts:k8s-validate [-- dev|prod|<path to a kustomization>]
 * Exits 1 when anything is wrong. The same checks run in CI as manifests.spec.ts.
 */
import { existsSync } from 'node:fs';
import { KAFKA_LAYOUT } from './kafka-resources';
import { deploymentProblems } from './manifest-checks';
import { OVERLAYS, kubectlVersion, overlayDir, renderKustomization, schemaProblems } from './manifests';

function main(targets: string[]): number {
  console.log(`    rendering with ${kubectlVersion()}`);
  let failed = 0;
  for (const target of targets.length > 0 ? targets : OVERLAYS) {
    const dir = existsSync(target) ? target : overlayDir(target);
    const objects = renderKustomization(dir);
    const problems = [...schemaProblems(objects), ...deploymentProblems(objects, KAFKA_LAYOUT.cluster)];
    if (problems.length === 0) {
      console.log(`    ✓ ${target}: ${objects.length} objects valid`);
      continue;
    }
    failed += 1;
    console.error(`    ✗ ${target}: ${problems.length} problem(s)\n      - ${problems.join('\n      - ')}`);
  }
  return failed === 0 ? 0 : 1;
}

try {
  process.exit(main(process.argv.slice(2)));
} catch (error) {
  console.error(`    ✗ ${(error as Error).message}`);
  process.exit(1);
}
