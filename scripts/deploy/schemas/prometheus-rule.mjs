/**
 * The schema of the Prometheus Operator's PrometheusRule (monitoring.coreos.com/v1), which no
 * installed package ships: the fields and types of the CRD's openAPIV3Schema
 * (monitoring.coreos.com_prometheusrules.yaml), written out here so schema-check.mjs checks it
 * offline like every other kind. Like the API server, it ignores fields it does not know;
 * monitoring-checks.ts checks by name what the alerts need.
 */

/** Prometheus' duration, as the CRD's pattern has it: `30s`, `5m`, `1h30m`. */
const DURATION = /^(0|(([0-9]+)y)?(([0-9]+)w)?(([0-9]+)d)?(([0-9]+)h)?(([0-9]+)m)?(([0-9]+)s)?(([0-9]+)ms)?)$/;

const isObject = (value) => typeof value === 'object' && value !== null && !Array.isArray(value);

function stringMap(value, path, errors) {
  if (value === undefined) return;
  if (!isObject(value)) return errors.push({ instancePath: path, message: 'must be object' });
  for (const [key, entry] of Object.entries(value)) {
    if (typeof entry !== 'string') errors.push({ instancePath: `${path}/${key}`, message: 'must be string' });
  }
}

function optional(value, path, errors, type, pattern) {
  if (value === undefined) return;
  if (typeof value !== type) return errors.push({ instancePath: path, message: `must be ${type}` });
  if (pattern && !pattern.test(value))
    errors.push({ instancePath: path, message: `must match pattern "${pattern.source}"` });
}

function rule(value, path, errors) {
  if (!isObject(value)) return errors.push({ instancePath: path, message: 'must be object' });
  if (value.expr === undefined) errors.push({ instancePath: path, message: "must have required property 'expr'" });
  else if (typeof value.expr !== 'string' && !Number.isInteger(value.expr))
    errors.push({ instancePath: `${path}/expr`, message: 'must be string or integer' });
  optional(value.alert, `${path}/alert`, errors, 'string');
  optional(value.record, `${path}/record`, errors, 'string');
  optional(value.for, `${path}/for`, errors, 'string', DURATION);
  optional(value.keep_firing_for, `${path}/keep_firing_for`, errors, 'string', DURATION);
  stringMap(value.labels, `${path}/labels`, errors);
  stringMap(value.annotations, `${path}/annotations`, errors);
}

function group(value, path, errors) {
  if (!isObject(value)) return errors.push({ instancePath: path, message: 'must be object' });
  if (typeof value.name !== 'string' || value.name === '')
    errors.push({ instancePath: `${path}/name`, message: 'must be a non-empty string' });
  optional(value.interval, `${path}/interval`, errors, 'string', DURATION);
  optional(value.query_offset, `${path}/query_offset`, errors, 'string', DURATION);
  optional(value.partial_response_strategy, `${path}/partial_response_strategy`, errors, 'string');
  if (value.limit !== undefined && !Number.isInteger(value.limit))
    errors.push({ instancePath: `${path}/limit`, message: 'must be integer' });
  stringMap(value.labels, `${path}/labels`, errors);
  if (value.rules === undefined) return;
  if (!Array.isArray(value.rules)) return errors.push({ instancePath: `${path}/rules`, message: 'must be array' });
  value.rules.forEach((entry, index) => rule(entry, `${path}/rules/${index}`, errors));
}

export class PrometheusRule {
  constructor(object) {
    this.object = object;
  }

  /** Throws, with every problem in `errors` as ajv reports them, when the object does not fit. */
  validate() {
    const errors = [];
    const { metadata, spec } = this.object;
    if (!isObject(metadata) || typeof metadata.name !== 'string')
      errors.push({ instancePath: '/metadata/name', message: 'must be string' });
    if (!isObject(spec)) errors.push({ instancePath: '', message: "must have required property 'spec'" });
    else if (!Array.isArray(spec.groups)) errors.push({ instancePath: '/spec/groups', message: 'must be array' });
    else spec.groups.forEach((entry, index) => group(entry, `/spec/groups/${index}`, errors));
    if (errors.length > 0) throw Object.assign(new Error('PrometheusRule is invalid'), { errors });
  }
}
