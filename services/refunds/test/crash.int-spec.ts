/**
 * The hardest moment for "never pay twice": the provider has applied the refund, and the process dies
 * before its database knows. refunds runs here as its own process and is killed with SIGKILL at that
 * moment; the process that takes over asks the provider what happened instead of paying again.
 */
import { InspectionCompleted, ReturnApproved, Topics } from '@rebound/contracts';
import { physicalTopic } from '@rebound/messaging';
import { prepareNamespacedGround } from '@rebound/messaging/testing';
import { TsProcess, freePort, jsonHttp, publishEvent, waitUntil, type ServiceGround } from '@rebound/testing';
import { approvedReturn, chargeOf, inspectionOf } from './support/fixtures';
import { startSandboxProcess, type SandboxProcess } from './support/refunds-world';

jest.setTimeout(90_000);

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

  it('pays once: the process that takes over finds the refund applied and records it', async () => {
    sandbox = await startSandboxProcess();
    const sandboxUrl = sandbox.url;
    const provider = jsonHttp(sandboxUrl);
    const port = await freePort();
    const env = {
      ...ground.env,
      HTTP_PORT: String(port),
      PAYMENT_PROVIDER_URL: sandboxUrl,
      // The sandbox holds its answer for 2 s; this process waits up to 5 s for it and is killed first.
      PAYMENT_TIMEOUT_MS: '5000',
      PAYMENT_LEASE_MS: '6000',
      PAYMENT_POLL_INTERVAL_MS: '25',
      // The start-up line ("REST on …") is how the test knows the process serves; silent would hide it.
      LOG_LEVEL: 'info',
    };
    const start = async () => {
      const refunds = TsProcess.spawn('services/refunds/src/main.ts', env, 'refunds');
      processes.push(refunds);
      await refunds.waitForLine(/REST on/);
      return refunds;
    };
    const first = await start();
    const approved = approvedReturn();
    await provider('PUT', `/sandbox/scripts/${chargeOf(approved.orderId)}`, { outcomes: ['timeout_after_apply'] });
    const topic = (name: string) => physicalTopic(ground.namespace, name);
    await publishEvent(topic(Topics.returnsReturn.name), {
      eventClass: ReturnApproved,
      data: approved,
      subject: approved.returnId,
    });
    await publishEvent(topic(Topics.warehouseInspection.name), {
      eventClass: InspectionCompleted,
      data: inspectionOf(approved),
      subject: approved.returnId,
    });

    const applied = () => provider('GET', `/v1/refunds?paymentReference=${chargeOf(approved.orderId)}`);
    await waitUntil('the provider to apply the refund', async () => (await applied()).body.length === 1);
    first.kill('SIGKILL');
    await first.exited;
    const rows = await ground.schema.query<{ state: string }>('SELECT state FROM refunds WHERE return_id = $1', [
      approved.returnId,
    ]);
    expect(rows).toEqual([{ state: 'processing' }]);

    await start();
    const http = jsonHttp(`http://127.0.0.1:${port}`, ground.trustedCaller);
    const settled = await waitUntil(
      'the refund recorded as paid',
      async () => {
        const body = (await http('GET', `/v1/returns/${approved.returnId}/refunds`)).body;
        return body?.items?.[0]?.state === 'succeeded' && body;
      },
      { timeoutMs: 30_000 },
    );
    expect(settled.items[0].paymentAttempts).toEqual([
      expect.objectContaining({ call: 'lookup', outcome: 'succeeded' }),
    ]);
    expect((await applied()).body).toHaveLength(1);
    expect(settled.items[0].providerReference).toBe((await applied()).body[0].refundId);
  });
});
