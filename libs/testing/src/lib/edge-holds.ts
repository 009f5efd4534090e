/**
 * How each service's fuzz suite judges one edge: every hostile input refused as it should be, and no
 * table of the service's schema changed. It prints how many inputs the edge was tried with, and the
 * seed that replays the run (FUZZ_SEED).
 */
import type { FuzzReport } from './fuzz-rest';
import type { TestSchema } from './test-schema';

export async function expectEdgeHolds(
  edge: string,
  schema: TestSchema,
  seed: number,
  fuzz: () => Promise<FuzzReport>,
): Promise<void> {
  const before = await schema.contentDigest();
  const report = await fuzz();
  const total = Object.values(report.tried).reduce((sum, count) => sum + count, 0);
  console.log(`${edge}: ${total} hostile inputs, FUZZ_SEED=${seed}\n${JSON.stringify(report.tried, null, 1)}`);
  expect(report.failures).toEqual([]);
  expect(await schema.contentDigest()).toEqual(before);
}
