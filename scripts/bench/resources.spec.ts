import { cpuTicksFromStat, formatResourceTable, rssBytesFromStatus, usageOf } from './resources';

describe('process resources from /proc', () => {
  it("reads a process's CPU time from /proc/<pid>/stat, whatever its command name holds", () => {
    const rest =
      'S 1 4242 4242 0 -1 4194560 12914 0 0 0 1234 567 0 0 20 0 11 0 8811 1179648000 30000 18446744073709551615';
    expect(cpuTicksFromStat(`4243 (node) ${rest}`)).toBe(1234 + 567);
    expect(cpuTicksFromStat(`4243 (my (odd) name) ${rest}`)).toBe(1234 + 567);
    expect(() => cpuTicksFromStat('garbage')).toThrow('not a /proc/<pid>/stat line');
  });

  it('reads the resident set from /proc/<pid>/status', () => {
    const status = 'Name:\tnode\nVmPeak:\t 1300000 kB\nVmRSS:\t  204800 kB\nRssAnon:\t  150000 kB\n';
    expect(rssBytesFromStatus(status)).toBe(204800 * 1024);
    expect(() => rssBytesFromStatus('Name:\tnode\n')).toThrow('no VmRSS line');
  });

  it('gives CPU as a share of one core over the samples, and the largest and last resident set', () => {
    const mb = 2 ** 20;
    const usage = usageOf(
      'refunds',
      [
        { timeMs: 0, pid: 7, cpuTicks: 1000, rssBytes: 100 * mb },
        { timeMs: 1000, pid: 7, cpuTicks: 1050, rssBytes: 180 * mb },
        { timeMs: 2000, pid: 7, cpuTicks: 1150, rssBytes: 150 * mb },
      ],
      100,
    );
    expect(usage).toEqual({ process: 'refunds', cpuPercent: 75, rssMaxMB: 180, rssEndMB: 150, samples: 3 });
  });

  it('does not count the CPU time across a restart, where the new process counts from zero', () => {
    const usage = usageOf(
      'inventory',
      [
        { timeMs: 0, pid: 7, cpuTicks: 5000, rssBytes: 1 },
        { timeMs: 1000, pid: 7, cpuTicks: 5100, rssBytes: 1 },
        { timeMs: 2000, pid: 9, cpuTicks: 20, rssBytes: 1 },
        { timeMs: 3000, pid: 9, cpuTicks: 120, rssBytes: 1 },
      ],
      100,
    );
    expect(usage.cpuPercent).toBeCloseTo(66.7, 1);
  });

  it('says it does not know the CPU of a process sampled once', () => {
    expect(usageOf('refunds', [{ timeMs: 0, pid: 7, cpuTicks: 10, rssBytes: 2 ** 20 }], 100)).toMatchObject({
      cpuPercent: Number.NaN,
      rssMaxMB: 1,
    });
  });

  it('prints a row per process with each phase, a dash where a process was not sampled', () => {
    const usage = (process: string, cpuPercent: number) => ({
      process,
      cpuPercent,
      rssMaxMB: 201.4,
      rssEndMB: 190.6,
      samples: 5,
    });
    const table = formatResourceTable([
      { name: 'closed', usage: [usage('returns-intake', 88.2), usage('refunds', 12)] },
      { name: 'open', usage: [usage('returns-intake', 40)] },
    ]);
    expect(table.split('\n')).toEqual([
      expect.stringMatching(
        /^process\s+closed: CPU\s+closed: RSS max\s+closed: RSS end\s+open: CPU\s+open: RSS max\s+open: RSS end$/,
      ),
      expect.stringMatching(/^-+( +-+){6}$/),
      expect.stringMatching(/^returns-intake\s+88 %\s+201 MB\s+191 MB\s+40 %\s+201 MB\s+191 MB$/),
      expect.stringMatching(/^refunds\s+12 %\s+201 MB\s+191 MB\s+—\s+—\s+—$/),
    ]);
  });
});
