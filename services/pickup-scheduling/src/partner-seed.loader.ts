/**
 * With PARTNERS_SEED_FILE set, registers the partners listed there that are not registered yet, at
 * start-up (the local stack's demo partners). Existing partners are left as they are, so changes
 * made through the API survive restarts. A bad file stops the start with every bad field named.
 *
 * Unlike the API, the file may give a partner its webhook secret: the partner simulators of the local
 * stack sign with the secrets it lists. Only this file can; partners registered through the API get
 * generated ones.
 */
import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { IsOptional, IsString, Length } from 'class-validator';
import { readFile } from 'node:fs/promises';
import { DomainError } from '@rebound/kernel';
import { InputValidationError, validateInput } from '@rebound/http';
import type { Logger } from '@rebound/observability';
import { CreatePartnerRequest } from './api/dto/partner.request';
import { PickupsApiService } from './api/pickups-api.service';
import type { PickupsConfig } from './config/pickups-config';
import { LOGGER, PICKUPS_CONFIG } from './providers';

class SeededPartner extends CreatePartnerRequest {
  /** The secret the partner signs with; generated when left out. */
  @IsOptional()
  @IsString()
  @Length(32, 256)
  webhookSecret?: string;
}

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
        return validateInput(SeededPartner, entry);
      } catch (error) {
        if (!(error instanceof InputValidationError)) throw error;
        const fields = error.errors.map(({ field, message }) => `[${index}].${field}: ${message}`).join('; ');
        throw new Error(`PARTNERS_SEED_FILE ${file} is invalid: ${fields}`);
      }
    });
    for (const { webhookSecret, ...request } of requests) {
      try {
        await this.api.createPartner(request, null, webhookSecret);
        this.logger.info({ partnerId: request.partnerId }, 'seeded partner registered');
      } catch (error) {
        if (!(error instanceof DomainError && error.code === 'partner-exists')) throw error;
      }
    }
  }
}
