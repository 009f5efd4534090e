/**
 * pickup-scheduling: partners and their slot capacity, pickups and labels booked for approved
 * returns, and every tracking event partners report, from their topics or their webhook.
 */
import { DynamicModule, Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { serviceInfrastructure } from '@rebound/service';
import { Services } from '@rebound/contracts';
import { systemClock } from '@rebound/kernel';
import { Outbox } from '@rebound/messaging';
import { TokenVerifier } from '@rebound/http';
import type { Logger } from '@rebound/observability';
import { CLOCK, TRANSACTIONS, provideClock, provideUseCase } from '@rebound/service';
import { PartnersController } from './api/partners.controller';
import { PickupsApiService } from './api/pickups-api.service';
import { PickupsController } from './api/pickups.controller';
import { WebhookAuthGuard } from './api/webhook-auth.guard';
import type { PickupsConfig } from './config/pickups-config';
import type { Clock } from './domain/ports';
import { AnnounceCoverage } from './domain/use-cases/announce-coverage/announce-coverage';
import { BookPickup } from './domain/use-cases/book-pickup/book-pickup';
import { CancelPickup } from './domain/use-cases/cancel-pickup/cancel-pickup';
import { ChangePartner } from './domain/use-cases/change-partner/change-partner';
import { ExpireOverdue } from './domain/use-cases/expire-overdue/expire-overdue';
import { RecordTracking } from './domain/use-cases/record-tracking/record-tracking';
import { ReportSlotUsage } from './domain/use-cases/report-slot-usage/report-slot-usage';
import { RegisterPartner } from './domain/use-cases/register-partner/register-partner';
import { RotatePartnerSecret } from './domain/use-cases/rotate-partner-secret/rotate-partner-secret';
import { CoverageAnnouncer } from './messaging/coverage-announcer';
import { ExpirySweeper } from './messaging/expiry-sweeper';
import { PartnerKafkaProvisioner } from './messaging/partner-kafka';
import { ReturnEventsHandler } from './messaging/return-events.handler';
import { TrackingEventsHandler } from './messaging/tracking-events.handler';
import { PartnerSeedLoader } from './partner-seed.loader';
import { pickupsMigrations } from './persistence/migrations';
import { pickupsReads, pickupsTransaction, pickupsTransactions } from './persistence/pickups-transactions';
import { pickupsRetention } from './persistence/retention';
import { partnerSecretCipher } from './persistence/partner-secret-cipher';
import { LOGGER, PICKUPS_CONFIG, READS, SECRET_CIPHER, TOKEN_VERIFIER } from './providers';

@Module({})
export class AppModule {
  /**
   * `logger`: the process's one logger, which Nest's own lines go through too (see bootstrap.ts).
   * `clock`: tests move time to see labels and bookings expire.
   */
  static forConfig(config: PickupsConfig, logger: Logger, clock: Clock = systemClock): DynamicModule {
    const service = Services.pickupScheduling;
    const cipher = partnerSecretCipher(config.partnerSecretsKey);
    return {
      module: AppModule,
      imports: serviceInfrastructure({
        ...config,
        service,
        migrations: pickupsMigrations(cipher),
        retention: pickupsRetention(config.rejectedTrackingRetentionMs),
        logger,
        transactionOf: pickupsTransaction,
      }),
      controllers: [PartnersController, PickupsController],
      providers: [
        { provide: PICKUPS_CONFIG, useValue: config },
        { provide: LOGGER, useValue: logger },
        provideClock(clock),
        { provide: SECRET_CIPHER, useValue: cipher },
        { provide: TOKEN_VERIFIER, useValue: new TokenVerifier(config.access) },
        {
          provide: TRANSACTIONS,
          inject: [DataSource, Outbox],
          useFactory: (dataSource: DataSource, outbox: Outbox) => pickupsTransactions(dataSource, outbox),
        },
        { provide: READS, inject: [DataSource], useFactory: (dataSource: DataSource) => pickupsReads(dataSource) },
        provideUseCase(BookPickup, CLOCK, PICKUPS_CONFIG),
        provideUseCase(CancelPickup, CLOCK),
        provideUseCase(RecordTracking, CLOCK, PICKUPS_CONFIG),
        provideUseCase(ExpireOverdue, CLOCK),
        provideUseCase(AnnounceCoverage, CLOCK, PICKUPS_CONFIG),
        provideUseCase(RegisterPartner, CLOCK, PICKUPS_CONFIG, SECRET_CIPHER),
        provideUseCase(ChangePartner, CLOCK, PICKUPS_CONFIG),
        provideUseCase(RotatePartnerSecret, CLOCK, SECRET_CIPHER),
        provideUseCase(ReportSlotUsage),
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
