// Memory: tfjs's numTensors (and bytes) in the training worker before and after many steps and
// model rebuilds, compared at the same state: a leak grows them.
import type { BenchContext } from '../context';
import type { Backend } from '../options';
import { assertNoPageErrors, status, waitStatus, type PlaygroundWindow } from '../probes';
import { debug, sleep } from '../util';

export interface MemoryResult {
  backend: string | null;
  model: string;
  steps: number;
  rebuilds: number;
  before: number;
  after: number;
  flat: boolean;
  bytesBefore: number;
  bytesAfter: number;
  bytesInGPUBefore: number | null;
  bytesInGPUAfter: number | null;
}

export async function measureMemory(ctx: BenchContext, backend: Backend): Promise<MemoryResult> {
  const page = await ctx.page();
  const { steps, rebuilds } = ctx.p;
  const memory = () =>
    page.evaluate(() => (window as unknown as PlaygroundWindow).playground.memory());
  const probe = async () => {
    // Equal twice in a row, so nothing transient (a reconstruction in flight) is counted.
    let last = await memory();
    for (let i = 0; i < 10; i++) {
      await sleep(250);
      const m = await memory();
      if (m.numTensors === last.numTensors && m.numBytes === last.numBytes) return m;
      last = m;
    }
    return last;
  };
  const stepOnce = async () => {
    await page.getByRole('button', { name: 'Step', exact: true }).click();
    await waitStatus(page, 'step', { is: '1' });
  };
  try {
    await page.goto(`${ctx.base}/?backend=${backend}&hidden=64&batch=16&valsize=100&autostart=0`);
    await waitStatus(page, 'step', { is: '0' }, 60_000);
    const latent0 = Number((await status(page)).latentSize);
    debug('memory: page ready');
    await stepOnce();
    const before = await probe();
    debug('memory: before probed');
    await page.getByRole('button', { name: 'Train' }).click();
    await waitStatus(page, 'step', { atLeast: steps }, 300_000);
    await page.getByRole('button', { name: 'Pause' }).click();
    await waitStatus(page, 'running', { is: 'false' });
    const trainedSteps = Number((await status(page)).step);
    debug(`memory: trained ${trainedSteps} steps`);
    const slider = page.getByRole('slider', { name: 'Latent size' });
    let latent = latent0;
    for (let i = 0; i < rebuilds; i++) {
      const up = i % 2 === 0;
      latent += up ? 1 : -1;
      await slider.focus();
      await page.keyboard.press(up ? 'ArrowRight' : 'ArrowLeft');
      await waitStatus(page, 'latentSize', { is: String(latent) });
      await waitStatus(page, 'step', { is: '0' });
      await stepOnce();
    }
    debug('memory: rebuilt');
    const after = await probe();
    assertNoPageErrors(page);
    return {
      backend: (await status(page)).backend ?? null,
      model: `784-64-${latent0}-64-784, batch 16`,
      steps: trainedSteps,
      rebuilds,
      before: before.numTensors,
      after: after.numTensors,
      flat: before.numTensors === after.numTensors,
      bytesBefore: before.numBytes,
      bytesAfter: after.numBytes,
      bytesInGPUBefore: before.numBytesInGPU ?? null,
      bytesInGPUAfter: after.numBytesInGPU ?? null,
    };
  } finally {
    await page.closeAll();
  }
}
