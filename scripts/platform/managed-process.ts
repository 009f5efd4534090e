/**
 * One process of the local platform: a TypeScript entry run by Node through @swc-node/register (or
 * a built JavaScript one run by plain Node, as the images run the services), its output appended to
 * a log file (and its last lines kept for error messages), stopped by SIGTERM with a deadline. Each
 * runs in a process group of its own, so a Ctrl-C in the terminal reaches only the bring-up, which
 * then stops the processes in order; should the bring-up itself end without stopping them, they are
 * killed on its way out rather than left behind.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const WORKSPACE_ROOT = resolve(__dirname, '../..');

const TAIL_LINES = 40;

export interface ProcessSpec {
  readonly name: string;
  /** Relative to the workspace root: a `.ts` source (run through @swc-node/register) or built `.js`. */
  readonly entry: string;
  readonly args?: readonly string[];
  readonly env?: Readonly<Record<string, string>>;
  /** Options for Node itself, before the entry (e.g. `--cpu-prof`). */
  readonly nodeArgs?: readonly string[];
}

export interface ProcessEnd {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

const alive = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of alive) child.kill('SIGKILL');
});

export class ManagedProcess {
  readonly exited: Promise<ProcessEnd>;
  readonly logFile: string;
  private readonly recent: string[] = [];
  private readonly watchers = new Set<(line: string | undefined) => void>();
  private ended: ProcessEnd | undefined;

  private constructor(
    readonly spec: ProcessSpec,
    private readonly child: ChildProcess,
    logDir: string,
  ) {
    this.logFile = join(logDir, `${spec.name}.log`);
    const log = createWriteStream(this.logFile, { flags: 'a' });
    log.on('error', () => undefined); // a full disk must not take the bring-up down; the tail still shows
    let partial = '';
    const collect = (chunk: Buffer) => {
      log.write(chunk);
      const parts = (partial + chunk.toString()).split('\n');
      partial = parts.pop() ?? '';
      for (const line of parts.filter(Boolean)) {
        this.recent.push(line);
        if (this.recent.length > TAIL_LINES) this.recent.shift();
        for (const watch of this.watchers) watch(line);
      }
    };
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    alive.add(child);
    this.exited = new Promise((done) => {
      const finish = (end: ProcessEnd) => {
        if (this.ended) return;
        this.ended = end;
        alive.delete(child);
        for (const watch of this.watchers) watch(undefined);
        done(end);
      };
      // 'close' comes once the output is drained too, so the log keeps the last lines.
      child.once('close', (code, signal) => {
        log.end();
        finish({ code, signal });
      });
      child.once('error', (error) => {
        this.recent.push(`could not be started: ${error.message}`);
        log.end();
        finish({ code: null, signal: null });
      });
    });
  }

  static start(spec: ProcessSpec, logDir: string): ManagedProcess {
    mkdirSync(logDir, { recursive: true });
    const loader = spec.entry.endsWith('.ts') ? ['-r', '@swc-node/register'] : [];
    const child = spawn(process.execPath, [...(spec.nodeArgs ?? []), ...loader, spec.entry, ...(spec.args ?? [])], {
      cwd: WORKSPACE_ROOT,
      env: { ...process.env, SWC_NODE_PROJECT: join(WORKSPACE_ROOT, 'tsconfig.base.json'), ...spec.env },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    return new ManagedProcess(spec, child, logDir);
  }

  get name(): string {
    return this.spec.name;
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get running(): boolean {
    return this.ended === undefined;
  }

  /** The last lines it wrote, for an error message. */
  tail(lines = 15): string {
    return this.recent.slice(-lines).join('\n');
  }

  /** Resolves with the first line from now on (or among the last kept) that matches `pattern`. */
  async waitForLine(pattern: RegExp, timeoutMs: number): Promise<string> {
    let matched = this.recent.find((line) => pattern.test(line));
    const watch = (line: string | undefined) => {
      if (line !== undefined && matched === undefined && pattern.test(line)) matched = line;
    };
    this.watchers.add(watch);
    try {
      return await this.waitFor(`a line matching ${pattern}`, () => matched, timeoutMs);
    } finally {
      this.watchers.delete(watch);
    }
  }

  /**
   * Polls `check` (also whenever the process writes) until it gives a value; fails at once when the
   * process exits, or after `timeoutMs`, with the process's last lines.
   */
  async waitFor<T>(what: string, check: () => T | undefined | Promise<T | undefined>, timeoutMs: number): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (!this.running) throw this.failure(`exited (${describeEnd(this.ended)}) before ${what}`);
      const found = await check();
      if (found !== undefined) return found;
      if (Date.now() > deadline) throw this.failure(`gave no sign of ${what} within ${timeoutMs / 1000} s`);
      await new Promise<void>((wake) => {
        const done = () => {
          clearTimeout(timer);
          this.watchers.delete(done);
          wake();
        };
        const timer = setTimeout(done, 200);
        this.watchers.add(done);
      });
    }
  }

  /** SIGTERM, then SIGKILL after `graceMs`; resolves with how it ended. */
  async stop(graceMs = 20_000): Promise<ProcessEnd & { readonly killed: boolean }> {
    if (!this.running) return { ...(await this.exited), killed: false };
    this.child.kill('SIGTERM');
    let killed = false;
    const timer = setTimeout(() => {
      killed = true;
      this.child.kill('SIGKILL');
    }, graceMs);
    const end = await this.exited;
    clearTimeout(timer);
    return { ...end, killed };
  }

  /** SIGKILL at once (a second Ctrl-C), or another signal (a chaos test's). */
  kill(signal: NodeJS.Signals = 'SIGKILL'): void {
    if (this.running) this.child.kill(signal);
  }

  private failure(what: string): Error {
    return new Error(`${this.name} ${what}; its last lines (all in ${this.logFile}):\n${this.tail()}`);
  }
}

export function describeEnd(end: ProcessEnd | undefined): string {
  if (end?.signal) return `killed by ${end.signal}`;
  return `exit code ${end?.code ?? 'unknown'}`;
}
