/**
 * The checks every service runs on its own entries in docker-compose.yml, against its own
 * configuration schema and image — so that `docker compose up` starts it the way its tests do:
 *
 *   describeComposedService({ service: 'inventory', variables: environmentVariables(InventoryEnvironment),
 *     load: loadInventoryConfig, listensOn: (config) => [config.httpPort, config.grpcPort] });
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ComposeFile, WORKSPACE_ROOT, dockerfileExists, healthcheckUrl } from './compose-file';
import { exposedPorts, finalStage, instructionArgs, readDockerfile, runtimeCommand } from './dockerfile';

export interface ComposedServiceSettings {
  readonly httpPort: number;
  readonly databaseUrl: string;
  readonly databaseSchema: string;
  readonly migrateOnStart: boolean;
  /** Whose bearer tokens it accepts (OIDC_ISSUER, OIDC_AUDIENCE, OIDC_JWKS_URL). */
  readonly access: { readonly issuer: string; readonly audience: string; readonly jwksUrl?: string };
}

export interface ComposedService<C extends ComposedServiceSettings> {
  /** The service's name: its folder, Nx project and compose service. */
  readonly service: string;
  /** Every variable its configuration reads (environmentVariables of its schema). */
  readonly variables: readonly string[];
  /** Its configuration loader, which throws InvalidConfigError on a bad environment. */
  readonly load: (env: NodeJS.ProcessEnv) => C;
  /** The ports it listens on, HTTP first. */
  readonly listensOn: (config: C) => number[];
}

/** The workspace's version, which scripts/images tags every image with. */
export function workspaceVersion(): string {
  return (JSON.parse(readFileSync(resolve(WORKSPACE_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
}

/** The `.ts` entry points a project's `build` target compiles (see scripts/build), relative to the workspace. */
export function buildEntries(projectRoot: string): string[] {
  const project = JSON.parse(readFileSync(resolve(WORKSPACE_ROOT, projectRoot, 'project.json'), 'utf8')) as {
    targets: { build?: { options?: { command?: string } } };
  };
  const command = project.targets.build?.options?.command ?? '';
  return command.split(/\s+/).filter((word) => word.endsWith('.ts') && !word.startsWith('scripts/build/'));
}

/** The `.ts` file a `dist/...js` path in an image was built from: images copy a build output to dist/. */
export function builtFrom(distPath: string): string {
  return distPath.replace(/^dist\//, '').replace(/\.js$/, '.ts');
}

export function describeComposedService<C extends ComposedServiceSettings>(expected: ComposedService<C>): void {
  const { service, variables, load, listensOn } = expected;

  describe(`${service} in docker-compose.yml`, () => {
    const compose = ComposeFile.read();
    const entry = compose.service(service);
    const migration = compose.service(`${service}-migrate`);
    const dockerfile = 'services/Dockerfile';
    const recipe = () => readDockerfile(dockerfile, entry.build?.args ?? {});

    it('starts with the environment compose gives it', () => {
      expect(() => load(entry.environment)).not.toThrow();
    });

    it('is given only variables its configuration reads', () => {
      expect(Object.keys(entry.environment).filter((name) => !variables.includes(name))).toEqual([]);
      expect(Object.keys(migration.environment).filter((name) => !variables.includes(name))).toEqual([]);
    });

    it('accepts the tokens of the issuer and audience compose sets, and its migration is given neither', () => {
      const { access } = load(entry.environment);
      expect({ issuer: access.issuer, audience: access.audience }).toEqual({
        issuer: entry.environment['OIDC_ISSUER'],
        audience: entry.environment['OIDC_AUDIENCE'],
      });
      expect(Object.keys(migration.environment).filter((name) => name.startsWith('OIDC_'))).toEqual([]);
    });

    it('publishes the ports it listens on, at the same numbers on the host', () => {
      const published = entry.ports.map((port) => [port.hostPort, port.containerPort]);
      const ports = listensOn(load(entry.environment));
      expect(published).toEqual(ports.map((port) => [port, port]));
    });

    it('is health-checked for readiness on its HTTP port', () => {
      const url = healthcheckUrl(entry);
      expect(url && { port: Number(url.port), path: url.pathname }).toEqual({
        port: load(entry.environment).httpPort,
        path: '/health/ready',
      });
    });

    it('is migrated first, by the tools image as its own database role, and does not migrate again', () => {
      const served = load(entry.environment);
      const migrated = load(migration.environment);
      expect(entry.dependsOn[migration.name]).toBe('service_completed_successfully');
      expect(migration.image).toBe(`rebound/tools:${workspaceVersion()}`);
      expect({ url: migrated.databaseUrl, schema: migrated.databaseSchema }).toEqual({
        url: served.databaseUrl,
        schema: served.databaseSchema,
      });
      expect(served.migrateOnStart).toBe(false);
      expect(migration.command.slice(0, 2)).toEqual(['node', 'dist/libs/persistence/src/cli/migrate.js']);
      expect(migration.command.slice(2)).toEqual([`dist/services/${service}/src/persistence/data-source.js`]);
      const compiled = buildEntries('scripts');
      for (const file of migration.command.slice(1)) expect(compiled).toContain(builtFrom(file));
    });

    it('runs the image the services’ Dockerfile builds for it, tagged with the workspace version', () => {
      expect(entry.image).toBe(`rebound/${service}:${workspaceVersion()}`);
      expect(entry.build?.dockerfile).toBe(dockerfile);
      expect(dockerfileExists(dockerfile)).toBe(true);
      const { declaredArgs, problems } = recipe();
      expect(Object.keys(entry.build?.args ?? {}).filter((arg) => !declaredArgs.has(arg))).toEqual([]);
      expect(problems).toEqual([]);
    });

    it('has an image that builds this service, exposes its default ports, health-checks its HTTP port and runs its main file', () => {
      const built = recipe();
      const image = finalStage(built);
      const defaults = load({});
      const builds = built.stages.flatMap((stage) => instructionArgs(stage, 'RUN'));
      expect(builds.map((run) => run.replaceAll('"', ''))).toContainEqual(
        expect.stringContaining(`nx run ${service}:build`),
      );
      expect(instructionArgs(image, 'COPY')).toContain(`--from=build /workspace/dist/services/${service} ./dist`);
      expect(exposedPorts(built)).toEqual(listensOn(defaults));
      expect(instructionArgs(image, 'HEALTHCHECK').join(' ')).toContain(
        "'http://127.0.0.1:' + process.env.HTTP_PORT + '/health/live'",
      );
      expect(image.env['HTTP_PORT']).toBe(String(defaults.httpPort));
      const command = runtimeCommand(built);
      expect(command).toEqual(['node', `dist/services/${service}/src/main.js`]);
      expect(buildEntries(`services/${service}`)).toContain(builtFrom(command[1]));
    });
  });
}
