/**
 * The replacements of an exchange ship once it is paid, announced as ExchangeShipmentReleased: each
 * return keeps when that was (`exchange_released_at`), so it is announced once and the return
 * completes only after it. A return whose exchange order was requested before this upgrade had its
 * replacements shipped on that request, as the commerce platform then did: it counts as released
 * then, so it completes as it would have and nothing is released twice.
 */
import { MigrationInterface, QueryRunner } from 'typeorm';

export class AddExchangeRelease1796710000000 implements MigrationInterface {
  async up(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE returns ADD COLUMN exchange_released_at timestamptz');
    await runner.query('UPDATE returns SET exchange_released_at = exchange_requested_at');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE returns DROP COLUMN exchange_released_at');
  }
}
