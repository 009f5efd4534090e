/**
 * pickup-scheduling: partners and their slot capacity, pickups and labels booked for approved
 * returns, and every tracking event partners report, from their topics or their webhook.
 */
import { DynamicModule, Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { serviceInfrastructure } from '@rebound/service';
import { Services } from '@rebound/contracts';
import { Outbox } from '@rebound/messaging';
import { TokenVerifier } from '@rebound/http';
import type { Logger } from '@rebound/observability';
import { PartnersController } from './api/partners.controller';
import { PickupsApiService } from './api/pickups-api.service';
import { PickupsController } from './api/pickups.controller';
import { WebhookAuthGuard } from './api/webhook-auth.guard';
import type { PickupsConfig } from './config/pickups-config';
import type { Clock } from './domain/ports';
import { CoverageAnnouncer } from './messaging/coverage-announcer';
import { ExpirySweeper } from './messaging/expiry-sweeper';
import { PartnerKafkaProvisioner } from './messaging/partner-kafka';
import { ReturnEventsHandler } from './messaging/return-events.handler';
import { TrackingEventsHandler } from './messaging/tracking-events.handler';
import { PartnerSeedLoader } from './partner-seed.loader';
import { pickupsMigrations } from './persistence/migrations';
import { pickupsTransactions } from './persistence/pickups-transactions';
import { pickupsRetention } from './persistence/retention';
import { SecretCipher } from './persistence/secret-cipher';
import { CLOCK, LOGGER, PICKUPS_CONFIG, SECRET_CIPHER, TOKEN_VERIFIER, TRANSACTIONS } from './providers';

@Module({})
export class AppModule {
  /**
   * `logger`: the process's one logger, which Nest's own lines go through too (see bootstrap.ts).
   * `clock`: tests move time to see labels and bookings expire.
   */
  static forConfig(config: PickupsConfig, logger: Logger, clock: Clock = { now: () => new Date() }): DynamicModule {
    const service = Services.pickupScheduling;
    const cipher = new SecretCipher(config.partnerSecretsKey);
    return {
      module: AppModule,
      imports: serviceInfrastructure({
        ...config,
        service,
        migrations: pickupsMigrations(cipher),
        retention: pickupsRetention(config.rejectedTrackingRetentionMs),
        logger,
      }),
      controllers: [PartnersController, PickupsController],
      providers: [
        { provide: PICKUPS_CONFIG, useValue: config },
        { provide: LOGGER, useValue: logger },
        { provide: CLOCK, useValue: clock },
        { provide: SECRET_CIPHER, useValue: cipher },
        { provide: TOKEN_VERIFIER, useValue: new TokenVerifier(config.access) },
        {
          provide: TRANSACTIONS,
          inject: [DataSource, Outbox],
          useFactory: (dataSource: DataSource, outbox: Outbox) => pickupsTransactions(dataSource, outbox),
        },
        PickupsApiService,
        WebhookAuthGuard,
        PartnerKafkaProvisioner,
        PartnerSeedLoader,
        ReturnEventsHandler,
        TrackingEventsHandler,
        ExpirySweeper,
        CoverageAnnouncer,
      ],
    };
  }
}
