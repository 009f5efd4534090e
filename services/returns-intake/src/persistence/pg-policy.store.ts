/** The versioned return policy on Postgres, bound to one transaction's EntityManager. */
import { EntityManager } from 'typeorm';
import type { PolicyStore, PolicyVersionRecord } from '../domain/ports';
import { ReturnPolicyDocument, parsePolicyDocument } from '../domain/policy/policy-document';
import { ReturnPolicy } from '../domain/policy/return-policy';
import type { Row } from './pg-sql';

/**
 * The current policy as last parsed by this process, so that opening a return does not read and
 * validate the whole document each time. Every read still asks Postgres which version is current
 * (a one-row index scan), so a version another replica publishes counts from its commit on. The key
 * is the row as stored — its version and `xmin`, which any later UPDATE of the row (a migration
 * rewriting documents) changes — never this process's guess.
 */
export class ParsedPolicyCache {
  private entry?: { readonly version: number; readonly rowVersion: string; readonly policy: ReturnPolicy };

  get(version: number, rowVersion: string): ReturnPolicy | undefined {
    const entry = this.entry;
    return entry?.version === version && entry.rowVersion === rowVersion ? entry.policy : undefined;
  }

  set(version: number, rowVersion: string, policy: ReturnPolicy): void {
    this.entry = { version, rowVersion, policy };
  }
}

export class PgPolicyStore implements PolicyStore {
  constructor(
    private readonly manager: EntityManager,
    private readonly parsed: ParsedPolicyCache,
  ) {}

  async current(): Promise<ReturnPolicy | null> {
    const [head]: Row[] = await this.manager.query(
      'SELECT version, xmin::text AS row_version FROM policy_versions ORDER BY version DESC LIMIT 1',
    );
    if (!head) return null;
    const version = Number(head['version']);
    const rowVersion = String(head['row_version']);
    const cached = this.parsed.get(version, rowVersion);
    if (cached) return cached;
    const [row]: Row[] = await this.manager.query(
      'SELECT version, xmin::text AS row_version, document FROM policy_versions WHERE version = $1',
      [version],
    );
    const policy = new ReturnPolicy(version, parsePolicyDocument(row['document']) as ReturnPolicyDocument);
    this.parsed.set(version, String(row['row_version']), policy);
    return policy;
  }

  async version(version: number): Promise<PolicyVersionRecord | null> {
    const [row]: Row[] = await this.manager.query('SELECT * FROM policy_versions WHERE version = $1', [version]);
    return row ? toPolicyRecord(row) : null;
  }

  async latest(source?: 'file' | 'api'): Promise<PolicyVersionRecord | null> {
    const [row]: Row[] = await this.manager.query(
      'SELECT * FROM policy_versions WHERE $1::text IS NULL OR source = $1 ORDER BY version DESC LIMIT 1',
      [source ?? null],
    );
    return row ? toPolicyRecord(row) : null;
  }

  async lockVersions(): Promise<void> {
    await this.manager.query('LOCK TABLE policy_versions IN SHARE ROW EXCLUSIVE MODE');
  }

  async append(record: Omit<PolicyVersionRecord, 'version' | 'createdAt'>): Promise<PolicyVersionRecord> {
    // Replicas starting together and API calls all take the next number: one at a time.
    await this.lockVersions();
    const [row]: Row[] = await this.manager.query(
      `INSERT INTO policy_versions (version, document, checksum, source, note, created_by, created_by_client)
       SELECT coalesce(max(version), 0) + 1, $1::jsonb, $2, $3, $4, $5, $6 FROM policy_versions
       RETURNING *`,
      [
        JSON.stringify(record.document),
        record.checksum,
        record.source,
        record.note,
        record.createdBy,
        record.createdByClient,
      ],
    );
    return toPolicyRecord(row);
  }
}

function toPolicyRecord(row: Row): PolicyVersionRecord {
  return {
    version: Number(row['version']),
    document: parsePolicyDocument(row['document']) as ReturnPolicyDocument,
    checksum: String(row['checksum']),
    source: row['source'] as PolicyVersionRecord['source'],
    createdBy: String(row['created_by']),
    createdByClient: (row['created_by_client'] as string | null) ?? null,
    note: (row['note'] as string | null) ?? null,
    createdAt: new Date(row['created_at'] as string),
  };
}
