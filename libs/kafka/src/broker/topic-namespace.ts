/**
 * Topic namespaces, so several deployments (or test runs) can share one Kafka cluster. The catalogue,
 * the rest of this library and every header speak logical names (`returns.return.v1`); on the
 * cluster, namespace `it-3f9a` makes that `it-3f9a.returns.return.v1`, and consumer group
 * `refunds.main` becomes `it-3f9a.refunds.main`. The kafkajs adapter maps every name that crosses it
 * with these functions and nowhere else. Without a namespace (`undefined`) every name maps to itself.
 */

// Kafka's legal topic characters, in dot-separated parts: no leading or trailing dot, no empty part.
const NAMESPACE_PATTERN = /^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/;

// Leaves room within Kafka's 249-character topic names for the longest catalogue name, a partner
// topic of about 85 characters.
const MAX_TOPIC_NAMESPACE_LENGTH = 64;

/** Throws unless `namespace` can prefix topic and group names; `what` names its source in the message. */
export function assertTopicNamespace(namespace: string, what = 'topic namespace'): void {
  if (namespace.length > MAX_TOPIC_NAMESPACE_LENGTH) {
    throw new Error(`${what} "${namespace}" is longer than ${MAX_TOPIC_NAMESPACE_LENGTH} characters`);
  }
  if (!NAMESPACE_PATTERN.test(namespace)) {
    throw new Error(
      `${what} "${namespace}" must be letters, digits, "-" and "_" in parts joined by single dots (e.g. it-3f9a or staging.eu)`,
    );
  }
}

export function physicalTopic(namespace: string | undefined, logical: string): string {
  return withPrefix(namespace, logical);
}

/** The logical name of one of the namespace's topics; throws for a topic outside the namespace. */
export function logicalTopic(namespace: string | undefined, physical: string): string {
  const logical = withoutPrefix(namespace, physical);
  if (logical === undefined) throw new Error(`topic ${physical} is outside topic namespace ${namespace}`);
  return logical;
}

/** The logical names of those of `physical` that belong to the namespace; the rest of the cluster is left out. */
export function topicsInNamespace(namespace: string | undefined, physical: readonly string[]): string[] {
  return physical.flatMap((name) => withoutPrefix(namespace, name) ?? []);
}

export function physicalGroupId(namespace: string | undefined, groupId: string): string {
  return withPrefix(namespace, groupId);
}

/**
 * A pattern over logical names → a pattern over the namespace's physical names: it matches
 * `<namespace>.<name>` exactly when `pattern` matches `<name>`, with the same flags and the same
 * capture groups (numbered and named). Each `^` becomes "right after the namespace prefix" and the
 * match may start anywhere after it, so unanchored patterns and alternatives keep their meaning. (A
 * lookbehind reaching back past the start of the name would see the prefix; topic patterns need none.)
 */
export function physicalPattern(namespace: string | undefined, pattern: RegExp): RegExp {
  if (namespace === undefined) return pattern;
  const prefix = escapeRegExp(`${namespace}.`);
  const source = pattern.source;
  // Only the v flag nests character classes; elsewhere a "[" inside a class is a literal.
  const classesNest = pattern.flags.includes('v');
  let rewritten = '';
  let classDepth = 0;
  for (let i = 0; i < source.length; i++) {
    const char = source[i];
    if (char === '\\') {
      rewritten += source.slice(i, i + 2);
      i++;
      continue;
    }
    if (char === '[' && (classDepth === 0 || classesNest)) classDepth++;
    else if (char === ']' && classDepth > 0) classDepth--;
    else if (char === '^' && classDepth === 0) {
      rewritten += `(?<=^${prefix})`;
      continue;
    }
    rewritten += char;
  }
  return new RegExp(`^${prefix}.*?(?:${rewritten})`, pattern.flags);
}

function withPrefix(namespace: string | undefined, name: string): string {
  return namespace === undefined ? name : `${namespace}.${name}`;
}

function withoutPrefix(namespace: string | undefined, physical: string): string | undefined {
  if (namespace === undefined) return physical;
  const prefix = `${namespace}.`;
  return physical.startsWith(prefix) ? physical.slice(prefix.length) : undefined;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
