/** REST for the return policy: read the current terms, read any past version, replace it. */
import { Body, Controller, Get, Inject, Param, ParseIntPipe, Put } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { ApiProblemResponses, CallerOf, Requires, actorOf, type Caller } from '@rebound/http';
import { IntakeError } from '../domain/errors';
import { InvalidPolicyError, parsePolicyDocument } from '../domain/policy/policy-document';
import { describePolicy } from '../domain/policy/policy-terms';
import type { PolicyVersionRecord, TransactionRunner } from '../domain/ports';
import { replacePolicy } from '../domain/use-cases/manage-policy/manage-policy';
import { PgReturnsStore } from '../persistence/pg-returns.store';
import { TRANSACTIONS } from '../providers';
import { PolicyResponse } from './dto/policy.response';
import { PutPolicyRequest } from './dto/put-policy.request';

@ApiTags('policy')
@Controller('v1/policy')
export class PolicyController {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(TRANSACTIONS) private readonly transactions: TransactionRunner,
  ) {}

  @Get()
  @Requires('policy:admin')
  @ApiOperation({ summary: 'The current return policy, in words a customer or agent reads, and as a document.' })
  @ApiOkResponse({ type: PolicyResponse })
  @ApiProblemResponses(503)
  async current(): Promise<PolicyResponse> {
    const record = await this.store().latestPolicyVersion();
    if (!record) throw new IntakeError('unavailable', 'no-policy', 'no return policy has been loaded yet');
    return presentPolicy(record);
  }

  @Get('versions/:version')
  @Requires('policy:admin')
  @ApiOperation({ summary: 'A past (or the current) policy version, as stored decisions refer to it.' })
  @ApiOkResponse({ type: PolicyResponse })
  @ApiProblemResponses(400, 404)
  async version(@Param('version', ParseIntPipe) version: number): Promise<PolicyResponse> {
    const record = await this.store().policyVersion(version);
    if (!record)
      throw new IntakeError('not-found', 'policy-version-not-found', `policy version ${version} does not exist`);
    return presentPolicy(record);
  }

  @Put()
  @Requires('policy:admin')
  @ApiOperation({
    summary: 'Replace the return policy. The change becomes a new version; returns already decided keep theirs.',
  })
  @ApiOkResponse({ type: PolicyResponse })
  @ApiProblemResponses(400)
  async replace(@Body() body: PutPolicyRequest, @CallerOf() caller: Caller): Promise<PolicyResponse> {
    let document;
    try {
      document = parsePolicyDocument(body.policy);
    } catch (error) {
      if (!(error instanceof InvalidPolicyError)) throw error;
      throw new IntakeError(
        'invalid',
        'invalid-policy',
        `the policy has ${error.violations.length} problem(s)`,
        error.violations.map(({ field, message }) => ({ field: field ? `policy.${field}` : 'policy', message })),
      );
    }
    const record = await this.transactions.run((tx) =>
      replacePolicy(tx.store, document, actorOf(caller), body.note ?? null),
    );
    return presentPolicy(record);
  }

  private store(): PgReturnsStore {
    return new PgReturnsStore(this.dataSource.manager);
  }
}

function presentPolicy(record: PolicyVersionRecord): PolicyResponse {
  return {
    version: record.version,
    name: record.document.name,
    effectiveSince: record.createdAt.toISOString(),
    source: record.source,
    sections: describePolicy(record.document).map(({ title, terms }) => ({ title, terms: [...terms] })),
    document: JSON.parse(JSON.stringify(record.document)) as Record<string, unknown>,
  };
}
