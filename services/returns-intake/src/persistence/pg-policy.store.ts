/** The versioned return policy on Postgres, bound to one transaction's EntityManager. */
import { EntityManager } from 'typeorm';
import type { PolicyStore, PolicyVersionRecord } from '../domain/ports';
import { ReturnPolicyDocument, parsePolicyDocument } from '../domain/policy/policy-document';
import { ReturnPolicy } from '../domain/policy/return-policy';
import type { Row } from './pg-sql';

export class PgPolicyStore implements PolicyStore {
  constructor(private readonly manager: EntityManager) {}

  async current(): Promise<ReturnPolicy | null> {
    const record = await this.latest();
    return record ? new ReturnPolicy(record.version, record.document) : null;
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
