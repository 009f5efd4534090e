/**
 * scripts/images, run against a stand-in `docker` on PATH that records its calls: what it builds,
 * and how it stops when no Docker engine answers.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ComposeFile, WORKSPACE_ROOT, readDockerfile, workspaceVersion } from '@rebound/testing';
import { SERVICE_DOCKERFILE } from './service-files';

const FAKE_DOCKER = `#!/usr/bin/env bash
echo "$*" >> "$DOCKER_CALLS"
case "$1" in
  info) exit "\${DOCKER_INFO_EXIT:-0}" ;;
  version) echo 28.0.0 ;;
esac
`;

describe('scripts/images', () => {
  let bin: string;

  beforeAll(() => {
    bin = mkdtempSync(join(tmpdir(), 'rebound-images-'));
    writeFileSync(join(bin, 'docker'), FAKE_DOCKER);
    chmodSync(join(bin, 'docker'), 0o755);
  });
  afterAll(() => rmSync(bin, { recursive: true, force: true }));

  function images(args: string[], env: Record<string, string> = {}) {
    const calls = join(bin, `calls-${Math.random().toString(36).slice(2)}`);
    writeFileSync(calls, '');
    const run = spawnSync(resolve(WORKSPACE_ROOT, 'scripts/images'), args, {
      env: { ...process.env, PATH: `${bin}:${process.env['PATH']}`, DOCKER_CALLS: calls, ...env },
      encoding: 'utf8',
    });
    const builds = readFileSync(calls, 'utf8')
      .split('\n')
      .filter((line) => line.startsWith('build '));
    return { status: run.status, stdout: run.stdout, stderr: run.stderr, builds };
  }

  it('builds every image compose runs, from the repository root with its Dockerfile and build arguments, tagged with the workspace version', () => {
    const { status, builds } = images([]);
    const composed = new Set(
      [...ComposeFile.read().services.values()]
        .filter((service) => service.image?.startsWith('rebound/'))
        .map((service) => {
          const args = Object.entries(service.build?.args ?? {}).map(
            ([name, value]) => ` --build-arg ${name}=${value}`,
          );
          return `build -f ${service.build?.dockerfile}${args.join('')} -t ${service.image} .`;
        }),
    );

    expect(status).toBe(0);
    expect([...builds].sort()).toEqual([...composed].sort());
    expect(builds).toContain(
      `build -f services/Dockerfile --build-arg SERVICE=inventory --build-arg HTTP_PORT=3004 --build-arg GRPC_PORT=50054 -t rebound/inventory:${workspaceVersion()} .`,
    );
  });

  it('builds only the images named, and refuses a name it does not know', () => {
    expect(images(['refunds', 'tools']).builds).toEqual([
      `build -f services/Dockerfile --build-arg SERVICE=refunds --build-arg HTTP_PORT=3005 -t rebound/refunds:${workspaceVersion()} .`,
      `build -f scripts/Dockerfile -t rebound/tools:${workspaceVersion()} .`,
    ]);
    const unknown = images(['inventroy']);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('no image "inventroy": the images are tools returns-intake');
    expect(unknown.builds).toEqual([]);
  });

  it('stops before building, with a clear message, when no Docker engine answers', () => {
    const { status, stderr, builds } = images([], { DOCKER_INFO_EXIT: '1' });

    expect(status).toBe(1);
    expect(stderr).toContain('no Docker engine answers');
    expect(builds).toEqual([]);
  });
});

describe("the services' Dockerfile", () => {
  it('stops a build not told which service, or on which port, naming the argument', () => {
    expect(readDockerfile(SERVICE_DOCKERFILE, { HTTP_PORT: '3005' }).problems).toEqual([
      'SERVICE: build with --build-arg SERVICE=<service>',
      'SERVICE has no value where it is used: --from=build /workspace/dist/services/${SERVICE} ./dist',
    ]);
    expect(readDockerfile(SERVICE_DOCKERFILE, { SERVICE: 'refunds' }).problems).toEqual([
      'HTTP_PORT has no value where it is used: ${HTTP_PORT} ${GRPC_PORT:-$HTTP_PORT}',
    ]);
  });
});
