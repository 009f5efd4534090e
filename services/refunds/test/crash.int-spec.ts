/**
 * The hardest moment for "never pay twice": the provider has applied the refund — or the claw-back's
 * charge — and the process dies before its database knows. refunds runs here as its own process and is
 * killed with SIGKILL at that moment; the process that takes over asks the provider what happened
 * instead of calling again.
 */
import { physicalTopic } from '@rebound/kafka';
import { ReturnApproved, ReturnCancelled, Topics } from '@rebound/contracts';
import {
  TsProcess,
  freePort,
  jsonHttp,
  publishEvent,
  waitUntil,
  type ServiceGround,
  prepareNamespacedGround,
} from '@rebound/testing';
import { approvedReturn, cancellationOf, chargeOf } from './support/fixtures';
import { startSandboxProcess, type SandboxProcess } from './support/refunds-world';

jest.setTimeout(150_000);

describe('a refunds process killed between the provider’s success and its commit', () => {
  let ground: ServiceGround;
  const processes: TsProcess[] = [];
  let sandbox: SandboxProcess | undefined;

  beforeAll(async () => {
    ground = await prepareNamespacedGround('refunds-crash');
  }, 60_000);

  afterAll(async () => {
    for (const running of processes) await running.ensureStopped();
    await sandbox?.stop();
    await ground?.dispose();
  }, 60_000);

  it('pays and charges back once: each process that takes over finds the call applied and records it', async () => {
    sandbox = await startSandboxProcess();
    const sandboxUrl = sandbox.url;
    const provider = jsonHttp(sandboxUrl);
    const port = await freePort();
    const http = jsonHttp(`http://127.0.0.1:${port}`, ground.trustedCaller);
    const env = {
      ...ground.env,
      HTTP_PORT: String(port),
      PAYMENT_PROVIDER_URL: sandboxUrl,
      // The sandbox holds its answer for 2 s; this process waits up to 5 s for it and is killed first.
      PAYMENT_TIMEOUT_MS: '5000',
      PAYMENT_LEASE_MS: '6000',
      PAYMENT_POLL_INTERVAL_MS: '25',
      // The killed process's partitions go to the next one after 6 s, not the default 30.
      KAFKA_SESSION_TIMEOUT_MS: '6000',
      // The start-up line ("REST on …") is how the test knows the process serves; silent would hide it.
      LOG_LEVEL: 'info',
    };
    const start = async () => {
      const refunds = TsProcess.spawn('services/refunds/src/main.ts', env, 'refunds');
      processes.push(refunds);
      await refunds.waitForLine(/REST on/);
      // Ready once its consumer has joined the group, which waits out the killed member's session.
      await waitUntil('refunds ready', async () => (await http('GET', '/health/ready')).status === 200, {
        timeoutMs: 45_000,
      });
      return refunds;
    };
    const topic = (name: string) => physicalTopic(ground.namespace, name);
    const approved = approvedReturn({ instantRefund: true });
    const charge = chargeOf(approved.orderId);
    const phase = async (name: string) =>
      (await http('GET', `/v1/returns/${approved.returnId}/refunds`)).body?.items?.find(
        (item: { phase: string }) => item.phase === name,
      );
    /** Kills the process once the provider has applied the call, restarts, and waits for the lookup to record it. */
    const killAfterApplied = async (running: TsProcess, name: string, applied: () => Promise<unknown[]>) => {
      await waitUntil(`the provider to apply the ${name}`, async () => (await applied()).length === 1);
      running.kill('SIGKILL');
      await running.exited;
      const rows = await ground.schema.query<{ state: string }>(
        'SELECT state FROM refunds WHERE return_id = $1 AND phase = $2',
        [approved.returnId, name],
      );
      expect(rows).toEqual([{ state: 'processing' }]);
      const next = await start();
      const recorded = await waitUntil(
        `the ${name} recorded`,
        async () => {
          const refund = await phase(name);
          return refund?.state === 'succeeded' && refund;
        },
        { timeoutMs: 30_000 },
      );
      expect(recorded.paymentAttempts).toEqual([expect.objectContaining({ call: 'lookup', outcome: 'succeeded' })]);
      return next;
    };
    const refunds = () => provider('GET', `/v1/refunds?paymentReference=${charge}`).then((answer) => answer.body);
    const charges = () => provider('GET', `/v1/charges?paymentReference=${charge}`).then((answer) => answer.body);

    await provider('PUT', `/sandbox/scripts/${charge}`, { outcomes: ['timeout_after_apply'] });
    await publishEvent(topic(Topics.returnsReturn.name), {
      eventClass: ReturnApproved,
      data: approved,
      subject: approved.returnId,
    });
    const second = await killAfterApplied(await start(), 'instant', refunds);
    expect((await phase('instant')).providerReference).toBe((await refunds())[0].refundId);

    // The return is cancelled: the claw-back's charge is applied, and this process dies too.
    await provider('PUT', `/sandbox/scripts/${charge}`, { outcomes: ['timeout_after_apply'] });
    await publishEvent(topic(Topics.returnsReturn.name), {
      eventClass: ReturnCancelled,
      data: cancellationOf(approved),
      subject: approved.returnId,
    });
    await killAfterApplied(second, 'clawback', charges);
    expect(await refunds()).toHaveLength(1);
    expect(await charges()).toEqual([expect.objectContaining({ amountMinor: 19002, status: 'succeeded' })]);
  });
});
