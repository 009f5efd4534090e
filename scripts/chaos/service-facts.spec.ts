import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import * as contracts from '@rebound/contracts';
import { allServices } from '@rebound/contracts';
import { WORKSPACE_ROOT } from '../platform/managed-process';
import { FINAL_RETURN_STATUSES, HANDLED_EVENT_TYPES } from './service-facts';

function sourcesOf(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourcesOf(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('spec.ts') ? [readFileSync(path, 'utf8')] : [];
  });
}

describe('what the invariants know of the services', () => {
  it('lists exactly the event types each service has a @HandleEvent handler for', () => {
    const handled = Object.fromEntries(
      allServices().map((service) => {
        const classes = sourcesOf(join(WORKSPACE_ROOT, 'services', service.name, 'src')).flatMap((source) =>
          [...source.matchAll(/@HandleEvent\(\s*(\w+)\s*\)/g)].map(([, name]) => name),
        );
        const types = classes.map(
          (name) => (contracts as unknown as Record<string, { eventType?: string }>)[name]?.eventType ?? name,
        );
        return [service.name, [...new Set(types)].sort()];
      }),
    );
    expect(
      Object.fromEntries(Object.entries(HANDLED_EVENT_TYPES).map(([name, types]) => [name, [...types].sort()])),
    ).toEqual(handled);
  });

  it('knows the statuses returns-intake ends a return in', () => {
    const source = readFileSync(join(WORKSPACE_ROOT, 'services/returns-intake/src/domain/return-status.ts'), 'utf8');
    const ended = /const ENDED[^=]*=\s*\[([^\]]*)\]/.exec(source)?.[1] ?? '';
    expect([...FINAL_RETURN_STATUSES].sort()).toEqual([...ended.matchAll(/'(\w+)'/g)].map(([, s]) => s).sort());
  });
});
