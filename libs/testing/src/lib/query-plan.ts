/**
 * Whether a retention rule's slice is index-backed: its plan, made with sequential scans discouraged
 * (so that a table of a few test rows is planned as a large one would be), and the scans in it that
 * read a relation in full — a sequential scan, or an index scan with no condition on the index.
 */
import type { DataSource } from 'typeorm';

/** A retention rule's shape (RetentionRule, @rebound/persistence, whose own tests use this library). */
interface SliceRule {
  readonly retentionMs: number;
  readonly deleteSlice: string;
}

interface PlanNode {
  readonly 'Node Type': string;
  readonly 'Relation Name'?: string;
  readonly 'Index Name'?: string;
  readonly 'Index Cond'?: string;
  readonly Plans?: readonly PlanNode[];
}

/** `relation` or `relation (index)` for each scan that reads all of it; none when every read is by an index condition. */
export async function fullScansIn(dataSource: DataSource, rule: SliceRule): Promise<string[]> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.startTransaction();
    await runner.query('SET LOCAL enable_seqscan = off');
    const [{ 'QUERY PLAN': plans }] = await runner.query(`EXPLAIN (FORMAT JSON) ${rule.deleteSlice}`, [
      new Date(Date.now() - rule.retentionMs),
      5000,
    ]);
    return (plans as { Plan: PlanNode }[]).flatMap(({ Plan }) => fullScans(Plan));
  } finally {
    if (runner.isTransactionActive) await runner.rollbackTransaction();
    await runner.release();
  }
}

function fullScans(node: PlanNode): string[] {
  const own =
    node['Node Type'] === 'Seq Scan'
      ? [String(node['Relation Name'])]
      : node['Index Name'] && !node['Index Cond']
        ? [`${node['Relation Name'] ?? ''} (${node['Index Name']})`.trim()]
        : [];
  return [...own, ...(node.Plans ?? []).flatMap(fullScans)];
}
