/**
 * One process of the local platform kept running the way Kubernetes keeps a container running: once
 * it has been ready, an exit nobody asked for (a crash, `kill -9`, an OOM kill) starts it again after
 * a back-off that doubles with every exit in a row — 1 s, 2 s, 4 s … up to 30 s, like a pod's
 * CrashLoopBackOff — and is back to 1 s once a run has stayed up a minute. A process that keeps
 * crashing is retried at the cap for as long as the platform runs, each exit reported with its code
 * or signal and the last lines it wrote, so a fix (or the broker coming back) brings it back without a
 * restart of everything else. A restarted process is in service again only once its readiness check
 * passes (a service's /health/ready); one that gives no sign of readiness within the start deadline is
 * killed and counts as one more crash.
 *
 * Before its first readiness, an exit is a failed start, not a crash: `start()` rejects with the
 * process's last lines, as the bring-up has always reported a process that cannot start.
 *
 * The API is what a chaos test needs: `kill('SIGKILL')` as the kernel would, `restarts`, and
 * `waitUntilReady()`.
 */
import { join } from 'node:path';
import { ManagedProcess, ProcessEnd, ProcessSpec, describeEnd } from './managed-process';

export interface RestartPolicy {
  /** The wait before the first restart after a run that stayed up. */
  readonly initialDelayMs: number;
  /** The wait doubles with every exit in a row up to this. */
  readonly maxDelayMs: number;
  /** A run that stayed ready this long resets the back-off to `initialDelayMs`. */
  readonly resetAfterMs: number;
  /** A restarted process not ready within this is killed and counts as a crash. */
  readonly readyTimeoutMs: number;
}

export const DEFAULT_RESTART_POLICY: RestartPolicy = {
  initialDelayMs: 1_000,
  maxDelayMs: 30_000,
  resetAfterMs: 60_000,
  readyTimeoutMs: 120_000,
};

/** Waits until `child` is ready, within `timeoutMs`; what it resolves with is said when it is (a line of its log). */
export type ReadinessCheck = (child: ManagedProcess, timeoutMs: number) => Promise<string | void>;

/** What the supervisor reports besides a first start: each exit, each restart and each return to service. */
export type SupervisionReport = (line: string) => void;

type State = 'new' | 'starting' | 'ready' | 'waiting-to-restart' | 'stopped';

export class SupervisedProcess {
  private current: ManagedProcess | undefined;
  private state: State = 'new';
  private restartCount = 0;
  /** Exits in a row without a run that stayed up `resetAfterMs`: what the back-off grows with. */
  private crashesInARow = 0;
  /** From its first readiness on, an exit is a crash to restart from. */
  private supervising = false;
  private readySince = 0;
  /** Signalled by `kill()` and not exited yet: no longer counted ready, so a wait right after waits for the restart. */
  private signalled = false;
  private lastEnd: ProcessEnd | undefined;
  private restartTimer: NodeJS.Timeout | undefined;
  private readonly readyWaiters = new Set<() => void>();

  constructor(
    readonly spec: ProcessSpec,
    private readonly logDir: string,
    private readonly readiness: ReadinessCheck,
    private readonly report: SupervisionReport,
    private readonly policy: RestartPolicy = DEFAULT_RESTART_POLICY,
  ) {}

  get name(): string {
    return this.spec.name;
  }

  /** The pid of the process running now, if one is. */
  get pid(): number | undefined {
    return this.current?.running ? this.current.pid : undefined;
  }

  get logFile(): string {
    return join(this.logDir, `${this.name}.log`);
  }

  /** How many times it was started again after an exit. */
  get restarts(): number {
    return this.restartCount;
  }

  /** Running and ready, not between a crash and its restart's readiness. */
  get ready(): boolean {
    return this.state === 'ready' && !this.signalled;
  }

  /** How the last run ended, if one did. */
  get lastExit(): ProcessEnd | undefined {
    return this.lastEnd;
  }

  /** The last lines the current (or last) run wrote. */
  tail(lines = 15): string {
    return this.current?.tail(lines) ?? '';
  }

  /**
   * Starts it and resolves once it is ready, with what the readiness check said; rejects with its
   * last lines when it exits or gives no sign of readiness within `timeoutMs`. Supervision begins
   * with that first readiness.
   */
  async start(timeoutMs: number): Promise<string | void> {
    if (this.state !== 'new') throw new Error(`${this.name} was started before`);
    const child = this.launch();
    const said = await this.readiness(child, timeoutMs);
    if (this.isIn('starting')) this.becameReady();
    return said;
  }

  /**
   * Resolves once it is ready — at once when it is, else after the restart under way; rejects after
   * `timeoutMs` or when it is stopped first.
   */
  waitUntilReady(timeoutMs = this.policy.readyTimeoutMs): Promise<void> {
    if (this.ready) return Promise.resolve();
    if (this.state === 'stopped') return Promise.reject(new Error(`${this.name} is stopped`));
    return new Promise((resolve, reject) => {
      const done = () => {
        clearTimeout(timer);
        this.readyWaiters.delete(done);
        if (this.ready) resolve();
        else reject(new Error(`${this.name} was stopped before it was ready again`));
      };
      const timer = setTimeout(() => {
        this.readyWaiters.delete(done);
        reject(
          new Error(
            `${this.name} was not ready again within ${timeoutMs / 1000} s (${this.restartCount} restarts); ` +
              `its last lines (all in ${this.logFile}):\n${this.tail()}`,
          ),
        );
      }, timeoutMs);
      this.readyWaiters.add(done);
    });
  }

  /**
   * Sends `signal` to the running process, as a chaos test or the kernel would: the supervisor takes
   * its exit for a crash and restarts it. Does nothing between a crash and its restart.
   */
  kill(signal: NodeJS.Signals = 'SIGKILL'): void {
    if (!this.current?.running) return;
    this.signalled = true;
    this.current.kill(signal);
  }

  /** Restarts it no more; SIGTERM to the running process, SIGKILL after `graceMs`. */
  async stop(graceMs?: number): Promise<(ProcessEnd & { readonly killed: boolean }) | undefined> {
    this.state = 'stopped';
    clearTimeout(this.restartTimer);
    this.wakeWaiters();
    if (!this.current?.running) return undefined;
    return this.current.stop(graceMs);
  }

  /** At once, restarting it no more: for a second Ctrl-C. */
  killNow(): void {
    this.state = 'stopped';
    clearTimeout(this.restartTimer);
    this.wakeWaiters();
    this.current?.kill('SIGKILL');
  }

  private launch(): ManagedProcess {
    this.state = 'starting';
    this.signalled = false;
    const child = ManagedProcess.start(this.spec, this.logDir);
    this.current = child;
    void child.exited.then((end) => this.exited(child, end));
    return child;
  }

  private becameReady(): void {
    this.state = 'ready';
    this.supervising = true;
    this.readySince = Date.now();
    this.wakeWaiters();
  }

  private exited(child: ManagedProcess, end: ProcessEnd): void {
    this.lastEnd = end;
    // A stop asked for it, or a first start failed (start() reports that), or a replaced run.
    if (child !== this.current || this.state === 'stopped' || !this.supervising) return;
    const stayedUp = this.state === 'ready' && Date.now() - this.readySince >= this.policy.resetAfterMs;
    this.crashesInARow = stayedUp ? 1 : this.crashesInARow + 1;
    const delayMs = Math.min(this.policy.maxDelayMs, this.policy.initialDelayMs * 2 ** (this.crashesInARow - 1));
    const ranFor =
      this.state === 'ready' ? `after ${seconds(Date.now() - this.readySince)} in service` : 'before it was ready';
    const loop =
      this.crashesInARow > 1
        ? ` — ${this.crashesInARow} exits in a row without ${seconds(this.policy.resetAfterMs)} up` +
          (delayMs === this.policy.maxDelayMs
            ? `, retrying every ${seconds(delayMs)} until it stays up or the platform is stopped`
            : '')
        : '';
    this.state = 'waiting-to-restart';
    this.report(
      `${this.name} exited (${describeEnd(end)}) ${ranFor}; restart ${this.restartCount + 1} in ${seconds(delayMs)}${loop}. ` +
        `Its last lines (all in ${child.logFile}):\n${indent(child.tail(8))}`,
    );
    this.restartTimer = setTimeout(() => void this.restart(), delayMs);
  }

  private async restart(): Promise<void> {
    if (this.state !== 'waiting-to-restart') return;
    this.restartCount += 1;
    const started = Date.now();
    const child = this.launch();
    try {
      await this.readiness(child, this.policy.readyTimeoutMs);
      if (child !== this.current || !this.isIn('starting')) return;
      this.becameReady();
      this.report(
        `${this.name} is back in service (restart ${this.restartCount}, pid ${child.pid}, ready after ${seconds(Date.now() - started)})`,
      );
    } catch {
      // An exit is handled where every exit is; a run that never got ready is ended, which is one.
      if (child.running && child === this.current && this.isIn('starting')) {
        this.report(`${this.name} gave no sign of readiness within ${seconds(this.policy.readyTimeoutMs)}: killing it`);
        child.kill('SIGKILL');
      }
    }
  }

  /** The state now, which an await may have changed (the compiler's narrowing does not know). */
  private isIn(state: State): boolean {
    return this.state === state;
  }

  private wakeWaiters(): void {
    for (const wake of [...this.readyWaiters]) wake();
  }
}

function seconds(ms: number): string {
  return ms < 10_000 ? `${(ms / 1000).toFixed(1).replace(/\.0$/, '')} s` : `${Math.round(ms / 1000)} s`;
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => `    ${line}`)
    .join('\n');
}
