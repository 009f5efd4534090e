/**
 * The sandbox payment provider that ships with Rebound: a stand-in for a real provider's refund API
 * in the local stack and the tests. It honours idempotency keys and can be told, per payment
 * reference, to fail transiently, decline, or apply a refund and then never answer.
 */
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { configureHttpApp } from '@rebound/http';
import { SandboxLedger } from './sandbox-ledger';
import { SANDBOX_OPTIONS, SandboxController, type SandboxOptions } from './sandbox.controller';

export interface SandboxApplication {
  readonly app: NestExpressApplication;
  readonly url: string;
}

export async function startSandbox(
  options: SandboxOptions & { readonly port: number; readonly host: string; readonly logger?: false },
): Promise<SandboxApplication> {
  @Module({
    controllers: [SandboxController],
    providers: [SandboxLedger, { provide: SANDBOX_OPTIONS, useValue: options }],
  })
  class SandboxModule {}

  const app = await NestFactory.create<NestExpressApplication>(SandboxModule, {
    ...(options.logger === false && { logger: false }),
  });
  configureHttpApp(app);
  await app.listen(options.port, options.host);
  const address = app.getHttpServer().address() as { port: number };
  return { app, url: `http://127.0.0.1:${address.port}` };
}
