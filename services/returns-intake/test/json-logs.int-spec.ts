/**
 * What an operator's log collector sees from a returns-intake process: JSON lines only, from Nest's
 * first bootstrap line to the last line of a drained shutdown, and a refusal to start as JSON too.
 */
import { TsProcess, freePort, type ServiceGround, prepareNamespacedGround } from '@rebound/testing';

jest.setTimeout(90_000);

const parsed = (lines: readonly string[]) =>
  lines.map((line) => {
    try {
      return JSON.parse(line) as Record<string, unknown>;
    } catch {
      throw new Error(`not a JSON line: ${line}`);
    }
  });

describe('the returns-intake process’s output', () => {
  let ground: ServiceGround;
  const processes: TsProcess[] = [];

  beforeAll(async () => {
    ground = await prepareNamespacedGround('intake-logs');
  }, 60_000);

  afterAll(async () => {
    for (const running of processes) await running.ensureStopped();
    await ground?.dispose();
  }, 60_000);

  const spawn = (env: Record<string, string>) => {
    const intake = TsProcess.spawn('services/returns-intake/src/main.ts', env, 'returns-intake');
    processes.push(intake);
    return intake;
  };

  it('is one JSON object a line with the service and level, Nest’s own lines and the start-up line included', async () => {
    const intake = spawn({ ...ground.env, GRPC_PORT: String(await freePort()), LOG_LEVEL: 'info' });
    await intake.waitForLine(/REST on/);
    intake.kill('SIGTERM');
    // Output can still be in the pipe when the process has exited: wait for the last line itself.
    await intake.waitForLine(/database connections closed/);
    await intake.exited;

    const lines = parsed(intake.lines);
    for (const line of lines) {
      expect(line).toEqual(expect.objectContaining({ service: 'returns-intake', level: expect.any(String) }));
    }
    expect(lines[0]).toEqual(
      expect.objectContaining({ level: 'info', context: 'NestFactory', msg: 'Starting Nest application...' }),
    );
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ context: 'RoutesResolver', msg: 'ReturnsController {/v1/returns}:' }),
        expect.objectContaining({
          level: 'info',
          context: 'returns-intake',
          msg: expect.stringMatching(/^REST on http:\/\/127\.0\.0\.1:\d+ \(OpenAPI at .*\/docs\), gRPC on /),
        }),
      ]),
    );
    expect(lines.at(-1)).toEqual(
      expect.objectContaining({ level: 'info', context: 'Persistence', msg: 'database connections closed' }),
    );
  });

  it('says why it refuses to start in one fatal JSON line', async () => {
    const intake = spawn({ ...ground.env, GRPC_PORT: 'not-a-port', LOG_LEVEL: 'loud' });

    expect(await intake.exited).toEqual({ code: 1, signal: null });
    await intake.waitForLine(/"level":"fatal"/);
    expect(parsed(intake.lines)).toEqual([
      expect.objectContaining({
        service: 'returns-intake',
        level: 'fatal',
        msg: expect.stringMatching(/GRPC_PORT[\s\S]*LOG_LEVEL/),
      }),
    ]);
  });
});
