/** The benchmark's HTTP ceiling: NestJS on Express with one trivial route and nothing else. */
import 'reflect-metadata';
import { Controller, Get, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';

@Controller()
class PingController {
  @Get('ping')
  ping(): { ok: true } {
    return { ok: true };
  }
}

@Module({ controllers: [PingController] })
class PingModule {}

async function main(): Promise<void> {
  const app = await NestFactory.create<NestExpressApplication>(PingModule, { logger: false });
  app.enableShutdownHooks();
  await app.listen(Number(process.env['BENCH_PORT'] ?? 0), '127.0.0.1');
  console.log('listening');
}

void main();
