/**
 * A Dockerfile read as `docker build` reads it with a set of build arguments — stages, ARG defaults
 * and values, ENV, and the substitution of `$NAME`, `${NAME}`, `${NAME:-word}` and `${NAME:?message}`
 * in the instructions Docker (or RUN's shell) substitutes in — for tests that check an image's recipe
 * where no Docker engine is available. Exec-form CMD and HEALTHCHECK are left as written: they see
 * only the image's environment, when the container runs (see `runtimeCommand`).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { WORKSPACE_ROOT } from './compose-file';

export interface DockerInstruction {
  readonly keyword: string;
  /** The arguments, substituted where Docker (or RUN's shell) substitutes. */
  readonly args: string;
}

export interface DockerStage {
  readonly name?: string;
  readonly instructions: readonly DockerInstruction[];
  /** The environment its ENV instructions leave, which its containers start with. */
  readonly env: Readonly<Record<string, string>>;
}

export interface DockerRecipe {
  readonly stages: readonly DockerStage[];
  /** Every build argument an ARG declares. */
  readonly declaredArgs: ReadonlySet<string>;
  /**
   * What the build stops on or gets wrong: `${NAME:?message}` unset, a file path or port that uses an
   * argument without a value.
   */
  readonly problems: readonly string[];
}

type Variables = Map<string, string>;

/**
 * `text` with the variables substituted. An unset one becomes empty; used with `:?`, or anywhere when
 * `strict` (a path, a port: where an empty value breaks the instruction), it is a problem.
 */
export function substitute(
  text: string,
  variables: Variables,
  problems: string[] = [],
  strict = false,
  where = text,
): string {
  return text.replace(
    /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::([-?])((?:[^{}]|\{[^{}]*\})*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g,
    (_match, braced: string | undefined, operator: string | undefined, word: string | undefined, bare?: string) => {
      const name = braced ?? bare ?? '';
      const value = variables.get(name) ?? '';
      if (value !== '') return value;
      if (operator === '-') return substitute(word ?? '', variables, problems, strict, where);
      const problem =
        operator === '?' ? `${name}: ${word ?? 'not set'}` : `${name} has no value where it is used: ${where}`;
      if ((operator === '?' || strict) && !problems.includes(problem)) problems.push(problem);
      return '';
    },
  );
}

/** `K=V K2="v 2"` (or the old `K V`) as pairs, values substituted. */
function envPairs(args: string, variables: Variables): [string, string][] {
  if (!/^[A-Za-z_][A-Za-z0-9_]*=/.test(args)) {
    const [name, ...value] = args.split(/\s+/);
    return [[name, substitute(value.join(' '), variables)]];
  }
  return [...args.matchAll(/([A-Za-z_][A-Za-z0-9_]*)=("([^"]*)"|\S*)/g)].map(([, name, raw, quoted]) => [
    name,
    substitute(quoted ?? raw, variables),
  ]);
}

/** Instructions whose arguments Docker substitutes, and RUN, whose shell does. */
const SUBSTITUTED = new Set([
  'ADD',
  'COPY',
  'ENV',
  'EXPOSE',
  'FROM',
  'LABEL',
  'STOPSIGNAL',
  'USER',
  'VOLUME',
  'WORKDIR',
  'RUN',
]);

/** The Dockerfile at `path` (relative to the workspace) as built with these build arguments. */
export function readDockerfile(path: string, buildArgs: Readonly<Record<string, string>>): DockerRecipe {
  const text = readFileSync(resolve(WORKSPACE_ROOT, path), 'utf8');
  const logical = text
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'));
  const problems: string[] = [];
  const declaredArgs = new Set<string>();
  const global: Variables = new Map();
  const stages: { name?: string; instructions: DockerInstruction[]; env: Record<string, string> }[] = [];
  let variables: Variables = global;
  const argument = (declaration: string) => {
    const [name, fallback] = declaration.split('=', 2);
    declaredArgs.add(name);
    const value = buildArgs[name] ?? (fallback === undefined ? global.get(name) : substitute(fallback, variables));
    if (value !== undefined) variables.set(name, value);
  };
  for (const line of logical) {
    const [, word, rest = ''] = /^(\S+)\s*(.*)$/.exec(line) ?? [];
    const keyword = word.toUpperCase();
    if (keyword === 'ARG') {
      argument(rest);
      continue;
    }
    // FROM sees only the arguments declared before the first FROM; each stage starts afresh.
    if (keyword === 'FROM') variables = global;
    const args = SUBSTITUTED.has(keyword)
      ? substitute(rest, variables, problems, !['RUN', 'ENV', 'LABEL'].includes(keyword))
      : rest;
    if (keyword === 'FROM') {
      variables = new Map();
      stages.push({ name: /\sAS\s+(\S+)$/i.exec(args)?.[1], instructions: [], env: {} });
    }
    const stage = stages[stages.length - 1];
    if (!stage) throw new Error(`${path}: ${keyword} before the first FROM`);
    if (keyword === 'ENV') {
      for (const [name, value] of envPairs(rest, variables)) {
        stage.env[name] = value;
        variables.set(name, value);
      }
    }
    stage.instructions.push({ keyword, args });
  }
  return { stages, declaredArgs, problems };
}

/** The last stage: the image. */
export function finalStage(recipe: DockerRecipe): DockerStage {
  return recipe.stages[recipe.stages.length - 1];
}

/** The arguments of the stage's instructions with this keyword. */
export function instructionArgs(stage: DockerStage, keyword: string): string[] {
  return stage.instructions
    .filter((instruction) => instruction.keyword === keyword)
    .map((instruction) => instruction.args);
}

/** The ports the image exposes. */
export function exposedPorts(recipe: DockerRecipe): number[] {
  const ports = instructionArgs(finalStage(recipe), 'EXPOSE').flatMap((args) => args.split(/\s+/).filter(Boolean));
  return [...new Set(ports.map((port) => Number(port.replace(/\/tcp$/, ''))))];
}

/**
 * The program a container of the image runs, as argv: its exec-form CMD, with a `sh -c "exec …"`
 * resolved against the image's environment as the shell would.
 */
export function runtimeCommand(recipe: DockerRecipe): string[] {
  const stage = finalStage(recipe);
  const [cmd] = instructionArgs(stage, 'CMD').slice(-1);
  const argv = JSON.parse(cmd ?? '[]') as string[];
  if (argv[0] !== 'sh' || argv[1] !== '-c') return argv;
  const script = substitute(argv[2] ?? '', new Map(Object.entries(stage.env)));
  return script.replace(/^exec\s+/, '').split(/\s+/);
}
