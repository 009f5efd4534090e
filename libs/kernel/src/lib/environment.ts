/**
 * A service describes its environment as a class: one property per variable, with class-validator
 * rules and the default as initializer. `readEnvironment` fills it from `process.env` and reports
 * every bad variable at once, by name and value, so a misconfigured process refuses to start with
 * one clear message instead of failing later on the first bad value it touches.
 */
import 'reflect-metadata';
import { getMetadataStorage } from 'class-validator';
import { validatePlain } from '@rebound/contracts';

export class InvalidConfigError extends Error {
  constructor(
    readonly service: string,
    readonly problems: readonly string[],
  ) {
    super(`${service} configuration is invalid:\n  - ${problems.join('\n  - ')}`);
    this.name = 'InvalidConfigError';
  }
}

/**
 * Environment values are strings; a variable whose default is a number or a boolean is converted
 * when it clearly is one, and otherwise left as text for its validator to refuse. Empty values
 * count as unset.
 *
 * @param checks further checks that need more than one variable or a parser of their own; each
 *   returns its problems, which are reported together with the schema's.
 */
export function readEnvironment<T extends object>(
  service: string,
  schema: new () => T,
  env: NodeJS.ProcessEnv,
  checks: readonly ((env: NodeJS.ProcessEnv) => readonly string[])[] = [],
): T {
  const defaults = new schema() as Record<string, unknown>;
  const given: Record<string, unknown> = {};
  // Only the schema's own variables: the rest of the environment is none of its business.
  for (const name of environmentVariables(schema)) {
    const value = env[name];
    if (value === undefined || value === '') continue;
    given[name] = coerce(typeof defaults[name], value);
  }
  const validation = validatePlain(schema, given, { unknownFields: 'drop' });
  const problems = validation.valid
    ? []
    : validation.violations.map(({ field, message }) =>
        field in given ? `${field}=${JSON.stringify(env[field])}: ${message}` : `${field}: ${message}`,
      );
  for (const check of checks) problems.push(...check(env));
  if (!validation.valid || problems.length > 0) throw new InvalidConfigError(service, problems);
  return validation.value;
}

/**
 * The variables a schema reads: every property with a rule, its base classes' included. For checks
 * that a deployment (docker-compose.yml, a ConfigMap) sets nothing the service would ignore.
 */
export function environmentVariables(schema: new () => object): string[] {
  const rules = getMetadataStorage().getTargetValidationMetadatas(schema, '', true, false);
  return [...new Set(rules.map((rule) => rule.propertyName))].sort();
}

function coerce(defaultType: string, value: string): unknown {
  if (defaultType === 'number' && /^-?\d+(\.\d+)?$/.test(value)) return Number(value);
  if (defaultType === 'boolean' && (value === 'true' || value === 'false')) return value === 'true';
  return value;
}
