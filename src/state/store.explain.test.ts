// "Explain a step" at the page's side: it pauses a running run, shows the worker's answer, and
// leaving it resumes training only if it had been running, and never into a run begun since.
import { describe, expect, it } from 'vitest';
import type { StepExplanation } from '../train/protocol';
import { flush } from './testing/memoryRunStore';
import { FRAME_MS, storeHarness } from './testing/storeHarness';
import { REBUILD_DEBOUNCE_MS } from './store';

const EXPLANATION: StepExplanation = {
  step: 5,
  batch: 32,
  shown: 1,
  latent: 2,
  inputs: new Float32Array(784),
  codes: new Float32Array([0.5, -0.25]),
  recons: new Float32Array(784),
  loss: 0.07,
  parts: {},
  layers: [{ name: 'code', grad: 0.1, weight: 2, update: 0.01 }],
};

/** A store whose first run is built, training (or not, with `?autostart=0`). */
function opened(search = '') {
  const h = storeHarness(search);
  h.store.start();
  h.dataReady();
  h.modelReady();
  h.clock.advance(FRAME_MS);
  /** What the page sent the training worker after `from`, by type, heartbeat-free. */
  const sentSince = (from: number) => h.workers.trainer.sent.slice(from).map((m) => m.type);
  /** The worker answers the latest explainStep it was sent. */
  const answer = (patch: Partial<StepExplanation> = {}, gen = h.gen()) => {
    const asked = h.workers.trainer.sentOf('explainStep').at(-1)!;
    h.feed({ type: 'explained', id: asked.id, gen, ...EXPLANATION, ...patch });
  };
  const fail = (message: string) => {
    const asked = h.workers.trainer.sentOf('explainStep').at(-1)!;
    h.feed({ type: 'explainFailed', id: asked.id, message });
  };
  const state = () => {
    h.clock.advance(FRAME_MS);
    return h.store.getState();
  };
  return { ...h, sentSince, answer, fail, state };
}

describe('Store.explainStep', () => {
  it('pauses a running run, shows the step, and resumes it when closed', async () => {
    const t = opened();
    expect(t.state().running).toBe(true);
    const from = t.workers.trainer.sent.length;
    t.store.explainStep();
    expect(t.sentSince(from)).toEqual(['pause', 'explainStep']);
    expect(t.state()).toMatchObject({
      running: false,
      explanation: 'waiting',
      explainWasRunning: true,
    });
    t.answer();
    await flush();
    expect(t.state().explanation).toEqual(EXPLANATION);
    // Only paused for the explanation: nothing is saved for it.
    expect(t.workers.trainer.sentOf('snapshot')).toHaveLength(0);
    t.store.closeExplanation();
    expect(t.sentSince(from)).toEqual(['pause', 'explainStep', 'run']);
    expect(t.state()).toMatchObject({ running: true, explanation: null, explainWasRunning: false });
  });

  it('leaves a paused run paused when closed, and Train closes it and trains', async () => {
    const t = opened('?autostart=0');
    const from = t.workers.trainer.sent.length;
    t.store.explainStep();
    t.answer();
    await flush();
    expect(t.state()).toMatchObject({ explanation: EXPLANATION, explainWasRunning: false });
    t.store.closeExplanation();
    expect(t.sentSince(from)).toEqual(['explainStep']);
    expect(t.state()).toMatchObject({ running: false, explanation: null });

    t.store.explainStep();
    t.answer();
    await flush();
    t.store.train();
    expect(t.sentSince(from)).toEqual(['explainStep', 'explainStep', 'run']);
    expect(t.state()).toMatchObject({ running: true, explanation: null });
  });

  it('explains the next step when asked again, and still resumes the run it paused', async () => {
    const t = opened();
    t.store.explainStep();
    // Waiting: a second request is not sent.
    t.store.explainStep();
    expect(t.workers.trainer.sentOf('explainStep')).toHaveLength(1);
    t.answer();
    await flush();
    t.store.explainStep();
    expect(t.workers.trainer.sentOf('explainStep')).toHaveLength(2);
    t.answer({ step: 6 });
    await flush();
    expect(t.state()).toMatchObject({ explainWasRunning: true, running: false });
    expect((t.state().explanation as StepExplanation).step).toBe(6);
    t.store.closeExplanation();
    expect(t.state().running).toBe(true);
  });

  it('is closed by a new run without resuming, and a late answer is not shown', async () => {
    const t = opened();
    t.store.explainStep();
    t.answer();
    await flush();
    t.store.explainStep();
    t.store.setParam('latent', 3);
    t.clock.advance(REBUILD_DEBOUNCE_MS);
    expect(t.workers.trainer.sentOf('configure')).toHaveLength(2);
    expect(t.state()).toMatchObject({ explanation: null, explainWasRunning: false });
    const notices = t.state().notices;
    // The answer to the request made before the rebuild stays unseen, even as of the new run.
    t.answer({}, 2);
    await flush();
    expect(t.state()).toMatchObject({ explanation: null, notices });
    // And as of the old run (the worker's step ended before the rebuild), without a notice.
    t.store.explainStep();
    t.store.setParam('latent', 4);
    t.clock.advance(REBUILD_DEBOUNCE_MS);
    t.answer({}, 2);
    await flush();
    expect(t.state()).toMatchObject({ explanation: null, notices });
    const from = t.workers.trainer.sent.length;
    t.store.closeExplanation();
    expect(t.state()).toMatchObject({ explanation: null, running: false });
    expect(t.sentSince(from)).toEqual([]);
  });

  it('closes with a notice when the step fails, and resumes what it paused', async () => {
    const t = opened();
    t.store.explainStep();
    t.fail('There is no model yet.');
    await flush();
    expect(t.state()).toMatchObject({ explanation: null, running: true });
    expect(t.state().notices.at(-1)).toBe(
      'The step could not be explained. There is no model yet.',
    );
    // A device lost during the step: the read never finishes, the recovery says so.
    t.store.explainStep();
    t.feed({
      type: 'recovered',
      gen: t.gen(),
      step: 4,
      backend: 'webgl',
      cause: 'context-lost',
      fellBack: false,
    });
    await flush();
    expect(t.state()).toMatchObject({ explanation: null, running: true });
    expect(t.state().notices.at(-1)).toMatch(/^The step could not be explained\. The GPU context/);
  });

  it('does nothing before a model exists', () => {
    const t = storeHarness('?autostart=0');
    t.store.start();
    t.store.explainStep();
    t.dataReady();
    t.store.explainStep();
    expect(t.workers.trainer.sentOf('explainStep')).toHaveLength(0);
    t.clock.advance(FRAME_MS);
    expect(t.store.getState().explanation).toBeNull();
  });
});
