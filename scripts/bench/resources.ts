/**
 * CPU and resident memory of the platform's processes, read from Linux's /proc as `ps` and `top`
 * do: `/proc/<pid>/stat` for the CPU time a process has used (user and system, in clock ticks),
 * `/proc/<pid>/status` for its resident set (VmRSS). Sampled once a second over a phase of the run.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** One reading of one process. */
export interface ProcessSample {
  readonly timeMs: number;
  readonly pid: number;
  /** User and system CPU time used since it started, in clock ticks. */
  readonly cpuTicks: number;
  readonly rssBytes: number;
}

/** What one process used over a phase. */
export interface ResourceUsage {
  readonly process: string;
  /** CPU time over wall time, in % of one core (200 % is two cores busy). */
  readonly cpuPercent: number;
  readonly rssMaxMB: number;
  readonly rssEndMB: number;
  readonly samples: number;
}

/** CPU time used (utime + stime, in clock ticks) from the text of `/proc/<pid>/stat`. */
export function cpuTicksFromStat(stat: string): number {
  // The command name (field 2) is in parentheses and may hold spaces and parentheses: count from the last ')'.
  const fields = stat
    .slice(stat.lastIndexOf(')') + 2)
    .trim()
    .split(' ');
  // Fields from the state (3) on: utime is field 14, stime field 15.
  const utime = Number(fields[14 - 3]);
  const stime = Number(fields[15 - 3]);
  if (!Number.isInteger(utime) || !Number.isInteger(stime)) throw new Error(`not a /proc/<pid>/stat line: "${stat}"`);
  return utime + stime;
}

/** The resident set in bytes from the text of `/proc/<pid>/status` (its `VmRSS:  1234 kB` line). */
export function rssBytesFromStatus(status: string): number {
  const match = /^VmRSS:\s+(\d+) kB$/m.exec(status);
  if (!match) throw new Error('no VmRSS line in /proc/<pid>/status');
  return Number(match[1]) * 1024;
}

/**
 * A process's usage from its samples in time order. CPU counts only between two samples of the same
 * pid, so a restart (a new pid, its counter from zero) does not count as negative time.
 */
export function usageOf(process: string, samples: readonly ProcessSample[], ticksPerSecond: number): ResourceUsage {
  let ticks = 0;
  for (let index = 1; index < samples.length; index += 1) {
    if (samples[index].pid === samples[index - 1].pid) ticks += samples[index].cpuTicks - samples[index - 1].cpuTicks;
  }
  const wallS = samples.length < 2 ? 0 : (samples[samples.length - 1].timeMs - samples[0].timeMs) / 1000;
  const mb = (bytes: number) => bytes / 2 ** 20;
  return {
    process,
    cpuPercent: wallS > 0 ? (ticks / ticksPerSecond / wallS) * 100 : Number.NaN,
    rssMaxMB: samples.length === 0 ? Number.NaN : mb(Math.max(...samples.map((sample) => sample.rssBytes))),
    rssEndMB: samples.length === 0 ? Number.NaN : mb(samples[samples.length - 1].rssBytes),
    samples: samples.length,
  };
}

/** A process to sample: its name and, while it runs, its pid. */
export interface SampledProcess {
  readonly name: string;
  readonly pid: number | undefined;
}

/** Samples `processes()` (asked anew each time: a restarted process has a new pid) every `intervalMs` until stopped. */
export class ResourceSampler {
  private readonly samples = new Map<string, ProcessSample[]>();
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly processes: () => readonly SampledProcess[],
    intervalMs = 1_000,
  ) {
    this.sample();
    // Never what keeps the process alive, should a failed phase leave it running.
    this.timer = setInterval(() => this.sample(), intervalMs).unref();
  }

  /** Takes a last sample and gives each process's usage since the sampler was made. */
  stop(): ResourceUsage[] {
    clearInterval(this.timer);
    this.sample();
    const ticksPerSecond = clockTicksPerSecond();
    return [...this.samples].map(([name, samples]) => usageOf(name, samples, ticksPerSecond));
  }

  private sample(): void {
    const timeMs = Date.now();
    for (const { name, pid } of this.processes()) {
      if (pid === undefined) continue;
      let sample: ProcessSample;
      try {
        sample = {
          timeMs,
          pid,
          cpuTicks: cpuTicksFromStat(readFileSync(`/proc/${pid}/stat`, 'utf8')),
          rssBytes: rssBytesFromStatus(readFileSync(`/proc/${pid}/status`, 'utf8')),
        };
      } catch {
        continue; // exited between being listed and being read: the next sample has its successor
      }
      const samples = this.samples.get(name) ?? [];
      samples.push(sample);
      this.samples.set(name, samples);
    }
  }
}

let clockTicks: number | undefined;

/** The kernel's USER_HZ, what /proc counts CPU time in (100 on Linux almost everywhere). */
function clockTicksPerSecond(): number {
  clockTicks ??= Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
  return clockTicks;
}

/** A plain-text table: a row per process, for each phase its CPU (% of one core), largest and last resident set. */
export function formatResourceTable(
  phases: readonly { readonly name: string; readonly usage: readonly ResourceUsage[] }[],
): string {
  const processes = [...new Set(phases.flatMap((phase) => phase.usage.map((usage) => usage.process)))];
  const header = [
    'process',
    ...phases.flatMap((phase) => [`${phase.name}: CPU`, `${phase.name}: RSS max`, `${phase.name}: RSS end`]),
  ];
  const rows = processes.map((process) => [
    process,
    ...phases.flatMap((phase) => {
      const usage = phase.usage.find((candidate) => candidate.process === process);
      const show = (value: number | undefined, unit: string) =>
        value !== undefined && Number.isFinite(value) ? `${value.toFixed(0)} ${unit}` : '—';
      return [show(usage?.cpuPercent, '%'), show(usage?.rssMaxMB, 'MB'), show(usage?.rssEndMB, 'MB')];
    }),
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) => (column === 0 ? cell.padEnd(widths[column]) : cell.padStart(widths[column])))
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((width) => '-'.repeat(width)).join('  '), ...rows.map(line)].join('\n');
}
