import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { REPO_ROOT } from './manifests';
import { GENERATED_REGION, REGENERATE_COMMAND, generatedServiceFiles, withGeneratedRegion } from './service-files';

const readCommitted = (path: string) => readFileSync(join(REPO_ROOT, path), 'utf8');
/** A Kubernetes object's file: under k8s/, and not kustomize's own kustomization.yaml. */
const isManifest = (path: string) => path.startsWith('k8s/') && !path.endsWith('/kustomization.yaml');

describe("the services' deployment files", () => {
  const generated = generatedServiceFiles(readCommitted);

  it(`are committed as libs/contracts' Services and service-deployments.ts produce them now (else run: ${REGENERATE_COMMAND})`, () => {
    const stale = [...generated]
      .filter(([path, content]) => {
        try {
          return readCommitted(path) !== content;
        } catch {
          return true;
        }
      })
      .map(([path]) => path);

    expect(stale).toEqual([]);
  });

  it('are YAML that parses, each Kubernetes manifest naming its kind', () => {
    const problems = [...generated]
      .filter(([path]) => path.endsWith('.yaml') || path.endsWith('.yml'))
      .flatMap(([path, content]) =>
        parseAllDocuments(content).flatMap((document) => [
          ...document.errors.map((error) => `${path}: ${error.message}`),
          ...(isManifest(path) && !document.get('kind') ? [`${path}: a document without kind`] : []),
        ]),
      );

    expect(problems).toEqual([]);
  });
});

describe('a generated region', () => {
  const { start, end } = GENERATED_REGION;

  it('replaces only the lines between its markers, at their indentation', () => {
    const text = ['head:', `  ${start}`, '  old: 1', `  ${end}`, 'tail: 2', ''].join('\n');

    expect(withGeneratedRegion('file.yml', text, '  ', 'new: 1\nnewer: 2')).toBe(
      ['head:', `  ${start}`, '  new: 1', '  newer: 2', `  ${end}`, 'tail: 2', ''].join('\n'),
    );
  });

  it('leaves a region at another indentation of the same file as it is', () => {
    const text = ['services:', `  ${start}`, '  old: 1', `  ${end}`, start, 'x-top: 1', end, ''].join('\n');

    expect(withGeneratedRegion('file.yml', text, '', 'x-top: 2')).toBe(
      ['services:', `  ${start}`, '  old: 1', `  ${end}`, start, 'x-top: 2', end, ''].join('\n'),
    );
    expect(withGeneratedRegion('file.yml', text, '  ', 'new: 1')).toBe(
      ['services:', `  ${start}`, '  new: 1', `  ${end}`, start, 'x-top: 1', end, ''].join('\n'),
    );
  });

  it('is refused where its markers are missing, naming the lines to add', () => {
    expect(() => withGeneratedRegion('docker-compose.yml', 'services:\n  kafka: {}\n', '  ', 'a: 1')).toThrow(
      `docker-compose.yml has no generated region: put the lines "  ${start}" and "  ${end}" where it goes`,
    );
  });
});
