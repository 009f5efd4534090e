/**
 * inventory's configuration, read from the environment once at start-up. Every bad value is
 * reported at once, by variable name, and the process refuses to start.
 */
import { IsInt, Max, Min } from 'class-validator';
import { ServiceEnvironment, readServiceEnvironment, type ServiceSettings } from '@rebound/service';
import { Services } from '@rebound/contracts';

/** Every variable the service reads, with its rule and default. */
export class InventoryEnvironment extends ServiceEnvironment {
  override HTTP_PORT = Services.inventory.ports.http;
  override DATABASE_SCHEMA = Services.inventory.schema;
  @IsInt() @Min(0) @Max(65535) GRPC_PORT = Services.inventory.ports.grpc;
}

export interface InventoryConfig extends ServiceSettings {
  readonly grpcPort: number;
}

export function loadInventoryConfig(env: NodeJS.ProcessEnv = process.env): InventoryConfig {
  const { parsed, settings } = readServiceEnvironment(Services.inventory, InventoryEnvironment, env);
  return { ...settings, grpcPort: parsed.GRPC_PORT };
}
