/**
 * Runs a TypeScript entry point as a separate Node process (through @swc-node/register), so tests
 * can kill it at a chosen moment the way an orchestrator or a crash would.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { waitUntil } from './wait-until';

const WORKSPACE_ROOT = resolve(__dirname, '../../../..');

export class TsProcess {
  readonly lines: string[] = [];
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  private constructor(
    private readonly child: ChildProcess,
    readonly name: string,
  ) {
    let buffer = '';
    const collect = (chunk: Buffer) => {
      buffer += chunk.toString();
      const parts = buffer.split('\n');
      buffer = parts.pop() ?? '';
      this.lines.push(...parts.filter(Boolean));
    };
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    this.exited = new Promise((done) => child.once('exit', (code, signal) => done({ code, signal })));
  }

  static spawn(entry: string, env: Record<string, string>, name = entry, args: string[] = []): TsProcess {
    const child = spawn(process.execPath, ['-r', '@swc-node/register', entry, ...args], {
      cwd: WORKSPACE_ROOT,
      env: { ...process.env, SWC_NODE_PROJECT: resolve(WORKSPACE_ROOT, 'tsconfig.base.json'), ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return new TsProcess(child, name);
  }

  /** Waits for a log line matching `pattern`; on timeout the error shows the process's last lines. */
  async waitForLine(pattern: RegExp, timeoutMs = 30_000): Promise<string> {
    try {
      return await waitUntil(`${this.name} to log ${pattern}`, () => this.lines.find((line) => pattern.test(line)), {
        timeoutMs,
        intervalMs: 25,
      });
    } catch (error) {
      throw new Error(
        `${(error as Error).message}\n--- last output of ${this.name} ---\n${this.lines.slice(-30).join('\n')}`,
      );
    }
  }

  kill(signal: NodeJS.Signals): void {
    this.child.kill(signal);
  }

  /** SIGKILL if still running; for cleanup. */
  async ensureStopped(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
    await this.exited;
  }
}
