// The lessons' figures: whether each model copies or understands (the "Copy or understand?"
// panel's MSE on test digits and on uniform noise, after the same number of examples), and the
// linear autoencoder against PCA at the same code size.
import type { BenchContext } from '../context';
import { PCA_MNIST } from '../reference';
import { assertTraining, status, waitStatus } from '../probes';
import { round, sleep } from '../util';
import { trainTo } from './training';

/**
 * The copy test's models: an undercomplete code, and an overcomplete one (every layer as wide as
 * the input or wider) plain and with each regulariser. One recipe, so they compare.
 */
export const COPY_CASES: readonly { label: string; params: Record<string, string> }[] = [
  { label: 'k = 16', params: { latent: '16', hidden: '1024', depth: '1' } },
  { label: 'k = 1024, no regulariser', params: { latent: '1024', hidden: '1024', depth: '1' } },
  {
    label: 'k = 1024, denoising (Gaussian σ = 0.3)',
    params: { latent: '1024', hidden: '1024', depth: '1', model: 'denoising', noiselevel: '0.3' },
  },
  {
    label: 'k = 1024, sparse (λ = 1e-3)',
    params: { latent: '1024', hidden: '1024', depth: '1', model: 'sparse', sparsity: '0.001' },
  },
  {
    label: 'k = 1024, contractive',
    params: { latent: '1024', hidden: '1024', depth: '1', model: 'contractive' },
  },
];
const COPY_COMMON = { batch: '64', lr: '0.001' };

export interface CopyRow {
  label: string;
  params: Record<string, string>;
  examples: number | null;
  digitMse: number | null;
  noiseMse: number | null;
  invertedMse: number | null;
  shiftedMse: number | null;
  backend: string | null;
  seconds: number | null;
}

const PANEL = 'Copy or understand?';

/** Trains one case to `examples`, pauses, and reads the panel once a fresh analysis lands. */
async function copyCase(
  ctx: BenchContext,
  backend: string,
  c: (typeof COPY_CASES)[number],
  examples: number,
): Promise<CopyRow> {
  const page = await ctx.page();
  try {
    const query = new URLSearchParams({ backend, ...COPY_COMMON, ...c.params, autostart: '1' });
    await page.goto(`${ctx.base}/?${query}`);
    await waitStatus(page, 'running', { is: 'true' }, 60_000);
    const t0 = Date.now();
    for (;;) {
      const s = await assertTraining(page);
      if (Number(s.examples ?? 0) >= examples) break;
      if (Date.now() - t0 > 20 * 60_000)
        throw new Error(`${c.label}: ${examples} examples not reached`);
      await sleep(1000);
    }
    const seconds = (Date.now() - t0) / 1000;
    const panel = page.getByRole('region', { name: PANEL });
    const read = async () =>
      panel.evaluate((el) => {
        const d = (el as HTMLElement).dataset;
        return {
          digit: d.digitMse,
          noise: d.noiseMse,
          inverted: d.invertedMse,
          shifted: d.shiftedMse,
        };
      });
    await page.getByRole('button', { name: 'Pause' }).click();
    await waitStatus(page, 'running', { is: 'false' });
    // One step while paused brings a fresh analysis of the model as it now is.
    const before = await read();
    await page.getByRole('button', { name: 'Step', exact: true }).click();
    const deadline = Date.now() + 60_000;
    let after = before;
    while (Date.now() < deadline) {
      after = await read();
      if (after.noise !== before.noise) break;
      await sleep(300);
    }
    const s = await status(page);
    const n = (v: string | undefined) => (v === undefined ? null : round(Number(v), 5));
    return {
      label: c.label,
      params: { ...COPY_COMMON, ...c.params },
      examples: Number(s.examples ?? NaN),
      digitMse: n(after.digit),
      noiseMse: n(after.noise),
      invertedMse: n(after.inverted),
      shiftedMse: n(after.shifted),
      backend: s.backend ?? null,
      seconds: round(seconds, 1),
    };
  } finally {
    await page.closeAll();
  }
}

export async function measureCopyTest(
  ctx: BenchContext,
  backend: string,
  examples: number,
): Promise<CopyRow[]> {
  const rows: CopyRow[] = [];
  for (const c of COPY_CASES) rows.push(await copyCase(ctx, backend, c, examples));
  return rows;
}

export interface LinearRow {
  latent: number;
  examples: number;
  testMse: number | null;
  pcaMse: number;
  /** testMse / pcaMse − 1. */
  gap: number | null;
  backend: string | null;
  seconds: number | null;
  settings: Record<string, string>;
}

/** The linear autoencoder: one hidden layer each side, linear, MSE. PCA's line is its optimum. */
export const LINEAR_SETTINGS = {
  activation: 'linear',
  latent: '8',
  hidden: '256',
  depth: '1',
  batch: '128',
  lr: '0.001',
};

export async function measureLinearPca(
  ctx: BenchContext,
  backend: string,
  counts: readonly number[],
  expectedRate: number | null,
): Promise<LinearRow[]> {
  const k = Number(LINEAR_SETTINGS.latent);
  const pca = PCA_MNIST.mse[k]!;
  const rows = await trainTo(ctx, { backend, ...LINEAR_SETTINGS }, counts, expectedRate);
  return rows.map((r) => ({
    latent: k,
    examples: r.examples,
    testMse: r.testMse,
    pcaMse: pca,
    gap: r.testMse === null ? null : round(r.testMse / pca - 1, 4),
    backend: r.backend,
    seconds: r.seconds,
    settings: LINEAR_SETTINGS,
  }));
}
