/** pickup-scheduling as docker-compose.yml starts it: its environment, ports, health check, migration and image. */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { ComposeFile, WORKSPACE_ROOT, describeComposedService } from '@rebound/testing';
import { environmentVariables } from '@rebound/kernel';
import { PickupsEnvironment, loadPickupsConfig } from '../src/config/pickups-config';

describeComposedService({
  service: 'pickup-scheduling',
  variables: environmentVariables(PickupsEnvironment),
  load: loadPickupsConfig,
  listensOn: (config) => [config.httpPort],
});

describe('pickup-scheduling in docker-compose.yml, with the demo partners', () => {
  it('reads its partner seed file from a read-only mount of the demo partners', () => {
    const entry = ComposeFile.read().service('pickup-scheduling');
    const seedFile = loadPickupsConfig(entry.environment).partnersSeedFile;
    const mount = entry.mounts.find((candidate) => candidate.target === seedFile);
    expect(mount && { source: mount.source, readOnly: mount.readOnly }).toEqual({
      source: './services/pickup-scheduling/partners/demo-partners.json',
      readOnly: true,
    });
    expect(existsSync(resolve(WORKSPACE_ROOT, mount?.source ?? ''))).toBe(true);
  });
});
