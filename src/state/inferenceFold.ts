// The inference worker's answers, folded into the state. The supervisor lets through only
// answers to the latest request of each kind in the current run.
import type { FromInference } from '../train/protocol';
import type { AppState, Folded } from './appState';

export type InferenceEffect =
  /** The answer to drawing request `id` is on screen (its latency is measured, older ones stale). */
  | { kind: 'drawingShown'; id: number }
  /** The traversal's answer to request `id` is on screen (its latency is measured). */
  | { kind: 'traversalShown'; id: number }
  /** The inference worker spent `ms` opening the model (the benchmark sums it). */
  | { kind: 'inspected'; ms: number };

type Step = Folded<InferenceEffect>;

const none: Step = { patch: null, effects: [] };

export function foldInference(state: AppState, msg: FromInference): Step {
  switch (msg.type) {
    case 'error':
      return { patch: { fatalError: `Drawing inference failed: ${msg.message}` }, effects: [] };
    case 'decoded':
      // A pick cleared by a new run has nowhere to show its digit.
      if (!state.picked) return none;
      return { patch: { picked: { ...state.picked, image: msg.images } }, effects: [] };
    case 'sampled':
      return { patch: { samples: msg.images }, effects: [] };
    case 'interpolated':
      return { patch: { interpolation: msg.images }, effects: [] };
    case 'inspected': {
      const { type: _type, id: _id, ms, ...inspection } = msg;
      return { patch: { inspection }, effects: [{ kind: 'inspected', ms }] };
    }
    case 'traversed':
      // Reset code meanwhile: the digit's own code is shown.
      if (!state.traversal) return none;
      return {
        patch: { traversal: { ...state.traversal, image: msg.image } },
        effects: [{ kind: 'traversalShown', id: msg.id }],
      };
    case 'drawingResult': {
      // The pad was cleared meanwhile.
      const input = state.drawingInput;
      if (!input) return none;
      return {
        patch: { drawing: { input, recon: msg.recon, code: msg.code } },
        effects: [{ kind: 'drawingShown', id: msg.id }],
      };
    }
  }
}
