/**
 * Loads the policy file at start-up, before the API listens: a changed file becomes a new policy
 * version, an unchanged one is left alone (so a version set through the API survives restarts). A
 * file that is missing or invalid stops the start with the reason.
 */
import { readFile } from 'node:fs/promises';
import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { parsePolicyDocument } from './domain/policy/policy-document';
import { TRANSACTIONS } from '@rebound/service';
import type { TransactionRunner } from './domain/ports';
import { LoadPolicyFile } from './domain/use-cases/load-policy-file/load-policy-file';
import { INTAKE_CONFIG } from './providers';
import type { IntakeConfig } from './config/intake-config';

@Injectable()
export class PolicyFileLoader implements OnApplicationBootstrap {
  private readonly logger = new Logger('Policy');

  constructor(
    @Inject(INTAKE_CONFIG) private readonly config: IntakeConfig,
    @Inject(TRANSACTIONS) private readonly transactions: TransactionRunner,
    private readonly loadPolicyFile: LoadPolicyFile,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const file = this.config.policyFile;
    let json: unknown;
    try {
      json = JSON.parse(await readFile(file, 'utf8'));
    } catch (error) {
      throw new Error(`cannot read the policy file ${file}: ${(error as Error).message}`);
    }
    const document = parsePolicyDocument(json);
    const { record, created } = await this.transactions.run((tx) => this.loadPolicyFile.execute(tx, document));
    this.logger.log(
      created
        ? `policy file ${file} loaded as version ${record.version}`
        : `policy file ${file} unchanged since version ${record.version}`,
    );
  }
}
