/**
 * The sandbox payment provider that ships with Rebound: a stand-in for a real provider's refund and
 * charge APIs in the local stack and the tests. It keeps what it did in Postgres, honours
 * idempotency keys across restarts and concurrent calls, and can be told, per payment reference, to
 * fail transiently, decline, or apply a call and then never answer.
 */
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { configureHttpApp } from '@rebound/http';
import { SandboxLedger, type LedgerOptions } from './sandbox-ledger';
import { SANDBOX_OPTIONS, SandboxController, type SandboxOptions } from './sandbox.controller';

export interface SandboxApplication {
  readonly app: NestExpressApplication;
  readonly url: string;
}

/** Prepares the sandbox's schema, then listens; closing the app closes its database connections. */
export async function startSandbox(
  options: SandboxOptions & LedgerOptions & { readonly port: number; readonly host: string; readonly logger?: false },
): Promise<SandboxApplication> {
  const ledger = await SandboxLedger.open(options);

  @Module({
    controllers: [SandboxController],
    providers: [
      { provide: SandboxLedger, useValue: ledger },
      { provide: SANDBOX_OPTIONS, useValue: options },
    ],
  })
  class SandboxModule {
    async onApplicationShutdown(): Promise<void> {
      await ledger.close();
    }
  }

  try {
    const app = await NestFactory.create<NestExpressApplication>(SandboxModule, {
      ...(options.logger === false && { logger: false }),
    });
    configureHttpApp(app);
    await app.listen(options.port, options.host);
    const address = app.getHttpServer().address() as { port: number };
    return { app, url: `http://127.0.0.1:${address.port}` };
  } catch (error) {
    await ledger.close();
    throw error;
  }
}
