/**
 * scripts/images, run against a stand-in `docker` on PATH that records its calls: what it builds,
 * and how it stops when no Docker engine answers.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ComposeFile, WORKSPACE_ROOT, workspaceVersion } from '@rebound/testing';
import { SERVICE_NAMES } from '../platform/platform';

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

  it('builds every image compose runs, from the repository root with its Dockerfile, tagged with the workspace version', () => {
    const { status, builds } = images([]);
    const composed = new Set(
      [...ComposeFile.read().services.values()]
        .filter((service) => service.image?.startsWith('rebound/'))
        .map((service) => `build -f ${service.build?.dockerfile} -t ${service.image} .`),
    );

    expect(status).toBe(0);
    expect([...builds].sort()).toEqual([...composed].sort());
    expect(builds).toContain(`build -f services/inventory/Dockerfile -t rebound/inventory:${workspaceVersion()} .`);
  });

  it('builds only the images named, and refuses a name it does not know', () => {
    expect(images(['inventory', 'tools']).builds).toEqual([
      `build -f services/inventory/Dockerfile -t rebound/inventory:${workspaceVersion()} .`,
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

describe('the service Dockerfiles', () => {
  // Dockerfiles cannot include one another: the five are kept the same but for what is the service's own.
  it('are one recipe, differing only in the service name and its ports', () => {
    const recipe = (service: string) =>
      readFileSync(resolve(WORKSPACE_ROOT, 'services', service, 'Dockerfile'), 'utf8')
        .replaceAll(service, '<service>')
        .replace(/^EXPOSE .+$/m, 'EXPOSE <ports>')
        .replace(/HTTP_PORT \|\| \d+/, 'HTTP_PORT || <port>');
    const [first, ...others] = SERVICE_NAMES;
    for (const service of others) expect([service, recipe(service)]).toEqual([service, recipe(first)]);
  });
});
