import { describe, expect, it } from 'vitest';
import type { AppState } from './appState';
import { parseConfig } from './config';
import { foldInference } from './inferenceFold';
import { initialState } from './resets';

const base = (over: Partial<AppState> = {}): AppState => ({
  ...initialState(parseConfig('')),
  ...over,
});
const images = new Float32Array(784);

describe('foldInference', () => {
  it('shows a failure of the inference worker as fatal', () => {
    expect(foldInference(base(), { type: 'error', message: 'no weights' })).toEqual({
      patch: { fatalError: 'Drawing inference failed: no weights' },
      effects: [],
    });
  });

  it('shows the decoded digit of the point picked, and nothing once the pick is gone', () => {
    const picked = { x: 0.5, y: -1, image: null };
    expect(
      foldInference(base({ picked }), { type: 'decoded', id: 1, gen: 1, images }).patch,
    ).toEqual({ picked: { x: 0.5, y: -1, image: images } });
    expect(foldInference(base(), { type: 'decoded', id: 1, gen: 1, images })).toEqual({
      patch: null,
      effects: [],
    });
  });

  it('shows generated samples and the interpolation', () => {
    expect(foldInference(base(), { type: 'sampled', id: 1, gen: 1, images }).patch).toEqual({
      samples: images,
    });
    expect(foldInference(base(), { type: 'interpolated', id: 1, gen: 1, images }).patch).toEqual({
      interpolation: images,
    });
  });

  it('shows the answer to the drawing on the pad, and says it is on screen', () => {
    const input = new Float32Array(784).fill(0.5);
    const recon = new Float32Array(784);
    const code = new Float32Array([1, 2]);
    const msg = { type: 'drawingResult', id: 7, gen: 1, recon, code } as const;
    expect(foldInference(base({ drawingInput: input }), msg)).toEqual({
      patch: { drawing: { input, recon, code } },
      effects: [{ kind: 'drawingShown', id: 7 }],
    });
  });

  it('drops a drawing answer once the pad is empty', () => {
    const msg = {
      type: 'drawingResult',
      id: 7,
      gen: 1,
      recon: images,
      code: new Float32Array(2),
    } as const;
    expect(foldInference(base(), msg)).toEqual({ patch: null, effects: [] });
  });
});
