/**
 * With PARTNERS_SEED_FILE set, registers the partners listed there that are not registered yet, at
 * start-up (the local stack's demo partners). Existing partners are left as they are, so changes
 * made through the API survive restarts. A bad file stops the start with every bad field named.
 */
import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { readFile } from 'node:fs/promises';
import { InputValidationError, ProblemException, validateInput } from '@rebound/http';
import type { Logger } from '@rebound/observability';
import { CreatePartnerRequest } from './api/dto/partner.request';
import { PickupsApiService } from './api/pickups-api.service';
import type { PickupsConfig } from './config/pickups-config';
import { LOGGER, PICKUPS_CONFIG } from './providers';

@Injectable()
export class PartnerSeedLoader implements OnApplicationBootstrap {
  constructor(
    private readonly api: PickupsApiService,
    @Inject(PICKUPS_CONFIG) private readonly config: PickupsConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const file = this.config.partnersSeedFile;
    if (!file) return;
    const listed: unknown = JSON.parse(await readFile(file, 'utf8'));
    if (!Array.isArray(listed)) throw new Error(`PARTNERS_SEED_FILE ${file} must hold a JSON array of partners`);
    const requests = listed.map((entry, index) => {
      try {
        return validateInput(CreatePartnerRequest, entry);
      } catch (error) {
        if (!(error instanceof InputValidationError)) throw error;
        const fields = error.errors.map(({ field, message }) => `[${index}].${field}: ${message}`).join('; ');
        throw new Error(`PARTNERS_SEED_FILE ${file} is invalid: ${fields}`);
      }
    });
    for (const request of requests) {
      try {
        await this.api.createPartner(request);
        this.logger.info({ partnerId: request.partnerId }, 'seeded partner registered');
      } catch (error) {
        if (!(error instanceof ProblemException && error.problem.slug === 'partner-exists')) throw error;
      }
    }
  }
}
