/** REST for the return policy: read the current terms, read any past version, replace it. */
import { Body, Controller, Get, Inject, Param, ParseIntPipe, Put } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblemResponses, CallerOf, Requires, actorOf, type Caller } from '@rebound/http';
import { TRANSACTIONS } from '@rebound/service';
import { describePolicy } from '../domain/policy/policy-terms';
import type { PolicyVersionRecord, TransactionRunner } from '../domain/ports';
import { ReplacePolicy } from '../domain/use-cases/replace-policy/replace-policy';
import { ReplacePolicyCommand } from '../domain/use-cases/replace-policy/replace-policy.command';
import { ShowPolicy } from '../domain/use-cases/show-policy/show-policy';
import { PolicyResponse } from './dto/policy.response';
import { PutPolicyRequest } from './dto/put-policy.request';

@ApiTags('policy')
@Controller('v1/policy')
export class PolicyController {
  constructor(
    @Inject(TRANSACTIONS) private readonly transactions: TransactionRunner,
    private readonly showPolicy: ShowPolicy,
    private readonly replacePolicy: ReplacePolicy,
  ) {}

  @Get()
  @Requires('policy:admin')
  @ApiOperation({ summary: 'The current return policy, in words a customer or agent reads, and as a document.' })
  @ApiOkResponse({ type: PolicyResponse })
  @ApiProblemResponses(503)
  async current(): Promise<PolicyResponse> {
    const record = await this.transactions.run((tx) => this.showPolicy.execute(tx, {}));
    return presentPolicy(record);
  }

  @Get('versions/:version')
  @Requires('policy:admin')
  @ApiOperation({ summary: 'A past (or the current) policy version, as stored decisions refer to it.' })
  @ApiOkResponse({ type: PolicyResponse })
  @ApiProblemResponses(400, 404)
  async version(@Param('version', ParseIntPipe) version: number): Promise<PolicyResponse> {
    const record = await this.transactions.run((tx) => this.showPolicy.execute(tx, { version }));
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
    const command = new ReplacePolicyCommand(body.policy, actorOf(caller), body.note ?? null);
    const record = await this.transactions.run((tx) => this.replacePolicy.execute(tx, command));
    return presentPolicy(record);
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
