/** What the stores share: the row shape and the status lists the domain names, spelled as SQL. */
import { ABANDONED_STATUSES, ENDED_STATUSES, type ReturnStatus } from '../domain/return-status';

export type Row = Record<string, unknown>;

/** Literal lists, not parameters: the planner matches them against partial indexes. */
function sqlList(statuses: readonly ReturnStatus[]): string {
  return `(${statuses.map((status) => `'${status}'`).join(', ')})`;
}

/** Returns whose units no longer count against the order (return-status `holdsQuantity`). */
export const ABANDONED = sqlList(ABANDONED_STATUSES);
/** Named in the stuck-returns queries so Postgres reads the partial index returns_progress_idx, which leaves these out. */
export const ENDED = sqlList(ENDED_STATUSES);
