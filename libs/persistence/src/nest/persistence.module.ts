/**
 * Nest wiring for a service's DataSource: created and initialised at start-up (optionally applying
 * pending migrations), injectable as `DataSource`, and closed last on shutdown — after messaging has
 * drained in `beforeApplicationShutdown`. With retention rules, a RetentionJob deletes old rows
 * while the application runs.
 */
import {
  BeforeApplicationShutdown,
  DynamicModule,
  Inject,
  Injectable,
  Logger,
  Module,
  ModuleMetadata,
  OnApplicationBootstrap,
  OnApplicationShutdown,
} from '@nestjs/common';
import { DataSource } from 'typeorm';
import { SchemaDataSourceOptions, createSchemaDataSource } from '../lib/data-source.factory';
import { runMigrations } from '../lib/migration-runner';
import { RetentionJob, RetentionJobOptions } from '../lib/retention-job';

export interface PersistenceModuleOptions extends SchemaDataSourceOptions {
  /** Apply pending migrations before the application starts (replicas serialise on an advisory lock). */
  readonly migrateOnStart?: boolean;
  /** Old rows to delete while the application runs (see RetentionJob). */
  readonly retention?: Omit<RetentionJobOptions, 'dataSource'>;
}

export interface PersistenceModuleAsyncOptions extends Pick<ModuleMetadata, 'imports'> {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- Nest factory providers take any injected values
  readonly useFactory: (...args: any[]) => PersistenceModuleOptions | Promise<PersistenceModuleOptions>;
  readonly inject?: (string | symbol | (abstract new (...args: never[]) => unknown))[];
}

const PERSISTENCE_OPTIONS = Symbol('PERSISTENCE_OPTIONS');

@Injectable()
class DataSourceLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly logger = new Logger('Persistence');
  private readonly retention: RetentionJob | undefined;

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(PERSISTENCE_OPTIONS) options: PersistenceModuleOptions,
  ) {
    this.retention = options.retention && new RetentionJob({ dataSource, ...options.retention });
  }

  onApplicationBootstrap(): void {
    this.retention?.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.retention?.stop();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
    this.logger.log('database connections closed');
  }
}

@Module({})
export class PersistenceModule {
  static forRootAsync(options: PersistenceModuleAsyncOptions): DynamicModule {
    return {
      module: PersistenceModule,
      global: true,
      imports: options.imports ?? [],
      providers: [
        { provide: PERSISTENCE_OPTIONS, useFactory: options.useFactory, inject: options.inject ?? [] },
        {
          provide: DataSource,
          inject: [PERSISTENCE_OPTIONS],
          useFactory: async (settings: PersistenceModuleOptions) => {
            const dataSource = createSchemaDataSource(settings);
            await dataSource.initialize();
            if (settings.migrateOnStart) {
              const logger = new Logger('Migrations');
              await runMigrations(dataSource, (line) => logger.log(line));
            }
            return dataSource;
          },
        },
        DataSourceLifecycle,
      ],
      exports: [DataSource],
    };
  }
}
