/**
 * What the schemas cannot say about the alerts and the dashboard (k8s/base/monitoring): every
 * expression names only metrics the code defines — a renamed or removed metric would otherwise leave
 * an alert that never fires and a panel that stays empty — every alert has a severity, a summary, a
 * description and a runbook section of docs/operations.md that exists, and every dashboard parses.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { KubeObject, REPO_ROOT, describeObject } from './manifests';

/** Series Prometheus makes itself for every scrape target. */
const PROMETHEUS_SERIES = ['up'];

const SEVERITIES = ['critical', 'warning', 'info'];

const RUNBOOK = 'docs/operations.md';

/** The series each kind of prom-client metric is exposed as. */
const SERIES_SUFFIXES: Readonly<Record<string, readonly string[]>> = {
  Counter: [''],
  Gauge: [''],
  Histogram: ['_bucket', '_sum', '_count'],
  Summary: ['', '_sum', '_count'],
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sourceFiles(path);
    return entry.name.endsWith('.ts') && !/\.(int-)?spec\.ts$/.test(entry.name) ? [path] : [];
  });
}

/**
 * Every series the services expose under Rebound's prefix, read from their sources: each
 * `new Gauge({ …, name: 'rebound_…' })` (Counter, Histogram, Summary) in libs/ and services/, with
 * the series a histogram or summary adds; and Prometheus' own `up`.
 */
export function definedMetrics(): Set<string> {
  const metrics = new Set(PROMETHEUS_SERIES);
  const files = ['libs', 'services'].flatMap((dir) => sourceFiles(join(REPO_ROOT, dir)));
  for (const file of files) {
    const source = readFileSync(file, 'utf8');
    for (const [, kind, name] of source.matchAll(
      /new (Counter|Gauge|Histogram|Summary)(?:<[^>]*>)?\(\s*\{[^}]*?\bname:\s*['"](rebound_\w+)['"]/g,
    )) {
      for (const suffix of SERIES_SUFFIXES[kind]) metrics.add(`${name}${suffix}`);
    }
  }
  return metrics;
}

const PROMQL_KEYWORDS = new Set([
  'by',
  'without',
  'on',
  'ignoring',
  'group_left',
  'group_right',
  'bool',
  'and',
  'or',
  'unless',
  'offset',
  'inf',
  'nan',
]);

/**
 * The metric names a PromQL expression selects: what is left once strings, label matchers, ranges,
 * grouping clauses, functions, keywords and numbers are taken out.
 */
export function metricNames(expr: string): string[] {
  const bare = expr
    .replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`/g, '""')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ');
  // A whole word, not glued to a number (`5m`, `1e3`) or a variable, and not a function's name.
  const names = [...bare.matchAll(/(?<![\w.$])([a-zA-Z_:][\w:]*)(?![\w:]|\s*\()/g)]
    .map(([, name]) => name)
    .filter((name) => !PROMQL_KEYWORDS.has(name.toLowerCase()));
  return [...new Set(names)];
}

/** GitHub's anchors of a Markdown file's headings. */
function anchorsOf(file: string): Set<string> {
  const text = readFileSync(join(REPO_ROOT, file), 'utf8');
  return new Set(
    [...text.matchAll(/^#{1,6} (.+)$/gm)].map(([, heading]) =>
      heading
        .trim()
        .toLowerCase()
        .replace(/[^\w\- ]/g, '')
        .replace(/ /g, '-'),
    ),
  );
}

interface Rule {
  readonly alert?: string;
  readonly record?: string;
  readonly expr: string | number;
  readonly labels?: Record<string, string>;
  readonly annotations?: Record<string, string>;
}

type PrometheusRule = KubeObject & { readonly spec: { readonly groups: readonly { readonly rules?: Rule[] }[] } };

interface Panel {
  readonly title?: string;
  readonly targets?: readonly { readonly expr?: string }[];
  readonly panels?: readonly Panel[];
}

function unknownMetrics(expr: string, known: Set<string>): string[] {
  return metricNames(expr).filter((name) => !known.has(name));
}

function ruleProblems(rules: readonly PrometheusRule[], known: Set<string>): string[] {
  const problems: string[] = [];
  const anchors = anchorsOf(RUNBOOK);
  const all = rules.flatMap((object) => object.spec.groups.flatMap((group) => group.rules ?? []));
  // A recording rule's series is as good as a service's.
  const metrics = new Set([...known, ...all.flatMap((rule) => (rule.record ? [rule.record] : []))]);
  for (const object of rules) {
    for (const rule of object.spec.groups.flatMap((group) => group.rules ?? [])) {
      const owner = `${describeObject(object)} ${rule.alert ? `alert ${rule.alert}` : `record ${rule.record}`}`;
      if ((rule.alert === undefined) === (rule.record === undefined))
        problems.push(`${owner}: set exactly one of alert and record`);
      for (const name of unknownMetrics(String(rule.expr), metrics))
        problems.push(`${owner}: names ${name}, which no service defines`);
      if (rule.alert === undefined) continue;
      if (!SEVERITIES.includes(rule.labels?.['severity'] ?? ''))
        problems.push(`${owner}: label severity must be one of ${SEVERITIES.join(', ')}`);
      for (const annotation of ['summary', 'description']) {
        if (!rule.annotations?.[annotation]?.trim()) problems.push(`${owner}: annotation ${annotation} is missing`);
      }
      const runbook = rule.annotations?.['runbook_url'] ?? '';
      const [file, anchor] = runbook.split('#');
      if (file !== RUNBOOK || !anchors.has(anchor))
        problems.push(`${owner}: runbook_url "${runbook}" is not a section of ${RUNBOOK}`);
    }
  }
  return problems;
}

function panelProblems(owner: string, panels: readonly Panel[], known: Set<string>): string[] {
  return panels.flatMap((panel) => [
    ...(panel.targets ?? []).flatMap((target) =>
      unknownMetrics(target.expr ?? '', known).map(
        (name) => `${owner}: panel "${panel.title}" names ${name}, which no service defines`,
      ),
    ),
    ...panelProblems(owner, panel.panels ?? [], known),
  ]);
}

function dashboardProblems(configMaps: readonly KubeObject[], known: Set<string>): string[] {
  const problems: string[] = [];
  for (const configMap of configMaps) {
    for (const [key, text] of Object.entries((configMap['data'] as Record<string, string> | undefined) ?? {})) {
      const owner = `${describeObject(configMap)} ${key}`;
      let dashboard: { uid?: unknown; title?: unknown; panels?: Panel[] };
      try {
        dashboard = JSON.parse(text);
      } catch (error) {
        problems.push(`${owner}: not JSON: ${(error as Error).message}`);
        continue;
      }
      if (typeof dashboard.uid !== 'string' || typeof dashboard.title !== 'string' || !Array.isArray(dashboard.panels))
        problems.push(`${owner}: a dashboard needs a uid, a title and panels`);
      problems.push(...panelProblems(owner, dashboard.panels ?? [], known));
    }
  }
  return problems;
}

/** Every problem of the overlay's alerts and dashboards, one line each. */
export function monitoringProblems(objects: readonly KubeObject[]): string[] {
  const known = definedMetrics();
  const rules = objects.filter((object): object is PrometheusRule => object.kind === 'PrometheusRule');
  const dashboards = objects.filter(
    (object) => object.kind === 'ConfigMap' && object.metadata.labels?.['grafana_dashboard'] !== undefined,
  );
  return [
    ...(rules.length === 0 ? ['no PrometheusRule: the alerts are missing'] : []),
    ...(dashboards.length === 0 ? ['no ConfigMap labelled grafana_dashboard: the dashboard is missing'] : []),
    ...ruleProblems(rules, known),
    ...dashboardProblems(dashboards, known),
  ];
}
