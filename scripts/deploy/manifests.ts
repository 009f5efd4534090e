/**
 * Renders a kustomize overlay with kubectl and checks every object against the Kubernetes, Strimzi
 * and KEDA schemas (schema-check.mjs) — offline, nothing is downloaded. Used by manifests.spec.ts in
 * CI and by `npx nx run scripts:k8s-validate` by hand.
 */
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';

export const REPO_ROOT = resolve(__dirname, '../..');
export const OVERLAYS = ['dev', 'prod'] as const;

export function overlayDir(overlay: string): string {
  return join(REPO_ROOT, 'k8s/overlays', overlay);
}

/** A rendered object; the checks read it through these few fields and path lookups. */
export interface KubeObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name: string; readonly namespace?: string; readonly labels?: Record<string, string> };
  readonly [field: string]: unknown;
}

export function describeObject(object: KubeObject): string {
  return `${object.kind}/${object.metadata?.name ?? '(no name)'}`;
}

/** `KUBECTL` names another binary (e.g. an old kubectl to check compatibility); default `kubectl` on PATH. */
function kubectl(): string {
  return process.env['KUBECTL'] || 'kubectl';
}

export class RenderError extends Error {
  override readonly name = 'RenderError';
}

/** `kubectl kustomize <dir>`, parsed. */
export function renderKustomization(dir: string): KubeObject[] {
  const result = spawnSync(kubectl(), ['kustomize', dir], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.error && (result.error as NodeJS.ErrnoException).code === 'ENOENT') {
    throw new RenderError(
      `${kubectl()} not found: the Kubernetes manifests are rendered with \`kubectl kustomize\`. ` +
        '.ci/run installs it (Debian: apt-get install kubernetes-client); elsewhere install kubectl, or set KUBECTL.',
    );
  }
  if (result.error) throw result.error;
  if (result.status !== 0) {
    throw new RenderError(`kubectl kustomize ${dir} failed:\n${result.stderr.trim()}`);
  }
  return parseAllDocuments(result.stdout)
    .map((document) => document.toJSON() as KubeObject | null)
    .filter((object): object is KubeObject => object !== null);
}

/** `kubectl v1.32.4 (kustomize v5.5.0)`; kubectl before 1.21 does not say its kustomize version. */
export function kubectlVersion(): string {
  const { status, stdout } = spawnSync(kubectl(), ['version', '--client'], { encoding: 'utf8' });
  if (status !== 0) return `${kubectl()} (not found)`;
  const version = /Client Version: (v\d[\w.+-]*)|GitVersion:"(v[^"]+)"/.exec(stdout);
  const kustomize = /Kustomize Version: (\S+)/.exec(stdout)?.[1];
  return `kubectl ${version?.[1] ?? version?.[2] ?? '?'}${kustomize ? ` (kustomize ${kustomize})` : ''}`;
}

interface SchemaFinding {
  readonly index: number;
  readonly errors: readonly { readonly path: string; readonly message: string }[];
}

/** `/spec/template/spec/containers/0/ports/0/containerPort` → `spec.template.spec.containers[0].ports[0].containerPort`. */
function fieldPath(pointer: string): string {
  return pointer
    .split('/')
    .slice(1)
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((path, part) => (/^\d+$/.test(part) ? `${path}[${part}]` : path ? `${path}.${part}` : part), '');
}

/**
 * Every schema problem of the objects, one line each: `Deployment/refunds: spec.replicas must be integer`.
 * An object of a kind no schema covers is a problem too, so nothing passes unchecked.
 */
export function schemaProblems(objects: readonly KubeObject[]): string[] {
  const result = spawnSync(process.execPath, [join(__dirname, 'schema-check.mjs')], {
    input: JSON.stringify(objects),
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.status !== 0) {
    throw new Error(`schema-check.mjs failed (exit ${result.status}):\n${result.stderr}`);
  }
  const findings = JSON.parse(result.stdout) as SchemaFinding[];
  return findings.flatMap(({ index, errors }) =>
    errors.map(({ path, message }) => {
      const field = fieldPath(path);
      return `${describeObject(objects[index])}: ${field ? `${field} ` : ''}${message}`;
    }),
  );
}
