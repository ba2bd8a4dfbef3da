// The training worker's messages, folded into the state. Pure: what a message asks of the store
// beyond the state (a new run, training, a drawing to answer again) comes back as effects.
import type { AppState, Folded } from './appState';
import { appendPoint } from './history';
import type { TrainerReport } from './supervisor';

export type TrainerEffect =
  /**
   * The data is ready: its first run begins (a saved or interrupted run continues), training
   * at once if `autostart` says so.
   */
  | { kind: 'firstRun'; autostart: boolean }
  /** The model could not be built or trained here: go back to the last config that worked. */
  | { kind: 'modelFailed' }
  /** The model moved on: the drawing's reconstruction follows it (nobody is timing this one). */
  | { kind: 'encodeDrawing'; input: Float32Array };

type Step = Folded<TrainerEffect>;

const BACKEND_NAMES = { webgl: 'WebGL', wasm: 'WebAssembly', cpu: 'the CPU' } as const;
const COUNT = new Intl.NumberFormat('en-US');
const fmtCount = (n: number) => COUNT.format(n);

const patch = (p: Partial<AppState>): Step => ({ patch: p, effects: [] });

export function foldTrainer(state: AppState, msg: TrainerReport): Step {
  switch (msg.type) {
    case 'progress':
      return patch({ progress: { loaded: msg.loaded, total: msg.total } });
    case 'backend':
      return patch({
        backend: { name: msg.backend, renderer: msg.renderer, wasmThreads: msg.wasmThreads },
        notices: msg.notice ? [...state.notices, msg.notice] : state.notices,
      });
    case 'dataReady':
      return {
        patch: {
          dataReady: true,
          display: msg.display,
          decodeMs: msg.decodeMs,
          progress: null,
          analysisLabels: msg.analysisLabels,
          classCount: msg.classCount,
          pcaProgress: 0,
        },
        effects: [{ kind: 'firstRun', autostart: state.config.autostart }],
      };
    case 'modelReady':
      return patch({ runModel: msg.model, params: msg.params, lossName: msg.lossName });
    case 'stats': {
      const { type: _type, ...stats } = msg;
      return patch({
        stats,
        history: appendPoint(state.history, {
          examples: msg.examples,
          loss: msg.loss,
          parts: msg.parts,
        }),
      });
    }
    case 'val':
      return patch({
        valLoss: msg.valLoss,
        valExamples: msg.examples,
        history: appendPoint(state.history, { examples: msg.examples, val: msg.valLoss }),
      });
    case 'recon':
      return patch({ recon: msg.pixels, reconStep: msg.step, noisy: msg.noisy ?? null });
    case 'weights':
      return {
        patch: null,
        effects: state.drawingInput ? [{ kind: 'encodeDrawing', input: state.drawingInput }] : [],
      };
    case 'running':
      return patch({ running: msg.running });
    case 'halted':
      return patch({ halted: msg.message, running: false });
    case 'pcaProgress':
      return patch({ pcaProgress: msg.fraction });
    case 'pca':
      return patch({ pcaMse: msg.mseByK, pcaMs: msg.ms, pcaProgress: null });
    case 'analysis': {
      const { type: _type, ...analysis } = msg;
      return patch({ analysis });
    }
    case 'recovered': {
      const where = msg.fellBack ? ` on ${BACKEND_NAMES[msg.backend]}, after repeated losses` : '';
      const text = `The GPU context was lost; training resumed from step ${fmtCount(msg.step)}${where}.`;
      return patch({ notices: [...state.notices, text] });
    }
    case 'error':
      if (msg.scope === 'model') {
        return {
          patch: { notices: [...state.notices, msg.message], running: false },
          effects: [{ kind: 'modelFailed' }],
        };
      }
      if (msg.scope === 'restore') return patch({ notices: [...state.notices, msg.message] });
      if (msg.scope === 'data') return patch({ dataError: msg.message, progress: null });
      // The PCA baseline is a comparison, not the product: its failure is a notice.
      if (msg.scope === 'pca')
        return patch({ pcaProgress: null, notices: [...state.notices, msg.message] });
      return patch({ fatalError: msg.message, running: false });
  }
}
