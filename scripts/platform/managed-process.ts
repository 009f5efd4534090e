/**
 * One process of the local platform: a TypeScript entry run by Node through @swc-node/register, its
 * output appended to a log file (and its last lines kept for error messages), stopped by SIGTERM
 * with a deadline. Each runs in a process group of its own, so a Ctrl-C in the terminal reaches
 * only the bring-up, which then stops the processes in order.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, WriteStream } from 'node:fs';
import { join, resolve } from 'node:path';

export const WORKSPACE_ROOT = resolve(__dirname, '../..');

const TAIL_LINES = 40;

export interface ProcessSpec {
  readonly name: string;
  /** Relative to the workspace root. */
  readonly entry: string;
  readonly args?: readonly string[];
  readonly env?: Readonly<Record<string, string>>;
}

export class ManagedProcess {
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  readonly logFile: string;
  private readonly recent: string[] = [];
  private readonly waiters = new Set<() => void>();
  private exitCode: number | null | undefined;

  private constructor(
    readonly spec: ProcessSpec,
    private readonly child: ChildProcess,
    log: WriteStream,
    logFile: string,
  ) {
    this.logFile = logFile;
    let partial = '';
    const collect = (chunk: Buffer) => {
      log.write(chunk);
      const parts = (partial + chunk.toString()).split('\n');
      partial = parts.pop() ?? '';
      for (const line of parts.filter(Boolean)) {
        this.recent.push(line);
        if (this.recent.length > TAIL_LINES) this.recent.shift();
      }
      for (const wake of this.waiters) wake();
    };
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    this.exited = new Promise((done) =>
      child.once('exit', (code, signal) => {
        this.exitCode = code;
        log.end();
        for (const wake of this.waiters) wake();
        done({ code, signal });
      }),
    );
  }

  static start(spec: ProcessSpec, logDir: string): ManagedProcess {
    mkdirSync(logDir, { recursive: true });
    const logFile = join(logDir, `${spec.name}.log`);
    const log = createWriteStream(logFile, { flags: 'a' });
    const child = spawn(process.execPath, ['-r', '@swc-node/register', spec.entry, ...(spec.args ?? [])], {
      cwd: WORKSPACE_ROOT,
      env: { ...process.env, SWC_NODE_PROJECT: join(WORKSPACE_ROOT, 'tsconfig.base.json'), ...spec.env },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    return new ManagedProcess(spec, child, log, logFile);
  }

  get name(): string {
    return this.spec.name;
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get running(): boolean {
    return this.exitCode === undefined;
  }

  /** The last lines it wrote, for an error message. */
  tail(lines = 15): string {
    return this.recent.slice(-lines).join('\n');
  }

  /** Resolves with the first line (since start, among the last kept) matching `pattern`. */
  async waitForLine(pattern: RegExp, timeoutMs: number): Promise<string> {
    return this.waitFor(`a line matching ${pattern}`, () => this.recent.find((line) => pattern.test(line)), timeoutMs);
  }

  /**
   * Polls `check` (also whenever the process writes) until it gives a value; fails at once when the
   * process exits, or after `timeoutMs`, with the process's last lines.
   */
  async waitFor<T>(what: string, check: () => T | undefined | Promise<T | undefined>, timeoutMs: number): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = await check();
      if (found !== undefined) return found;
      if (!this.running) throw this.failure(`exited (code ${this.exitCode}) before ${what}`);
      if (Date.now() > deadline) throw this.failure(`gave no sign of ${what} within ${timeoutMs / 1000} s`);
      await new Promise<void>((wake) => {
        const timer = setTimeout(done, 200);
        function done() {
          clearTimeout(timer);
          waiters.delete(done);
          wake();
        }
        const waiters = this.waiters;
        waiters.add(done);
      });
    }
  }

  /** SIGTERM, then SIGKILL after `graceMs`; resolves with how it ended. */
  async stop(graceMs = 20_000): Promise<{ code: number | null; signal: NodeJS.Signals | null; killed: boolean }> {
    if (!this.running) return { ...(await this.exited), killed: false };
    this.child.kill('SIGTERM');
    let killed = false;
    const timer = setTimeout(() => {
      killed = true;
      this.child.kill('SIGKILL');
    }, graceMs);
    const outcome = await this.exited;
    clearTimeout(timer);
    return { ...outcome, killed };
  }

  private failure(what: string): Error {
    return new Error(`${this.name} ${what}; its last lines (all in ${this.logFile}):\n${this.tail()}`);
  }
}
