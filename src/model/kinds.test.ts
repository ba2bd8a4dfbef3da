// The kinds table against the factories: what it says a kind reads, offers and reports is what
// createModel builds.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  ACTIVATION_KINDS,
  DEFAULT_MODEL,
  MODEL_KINDS,
  type ModelConfig,
  type ModelKind,
} from './config';
import { createModel } from './index';
import { kindUses, MODEL_KIND_INFO } from './kinds';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const tiny = (kind: ModelKind, patch: Partial<ModelConfig> = {}): ModelConfig => ({
  ...DEFAULT_MODEL,
  kind,
  hidden: 16,
  latent: 3,
  depth: 1,
  ...patch,
});

/** The model's variable shapes, and the names of its loss parts on a fixed batch. */
function fingerprint(config: ModelConfig): { shapes: string; parts: string[]; corrupt: string } {
  const model = createModel(config);
  try {
    return tf.tidy(() => {
      const x = tf.fill([2, 784], 0.5) as tf.Tensor2D;
      const parts = Object.keys(model.trainLoss(x).parts ?? {}).sort();
      const corrupt = model.corrupt ? Array.from(model.corrupt(x, 3).dataSync()).join(',') : '';
      return { shapes: model.variables.map((v) => v.shape.join('x')).join(' '), parts, corrupt };
    });
  } finally {
    model.dispose();
  }
}

describe('MODEL_KIND_INFO', () => {
  it('names every kind once', () => {
    const labels = MODEL_KINDS.map((k) => MODEL_KIND_INFO[k].label);
    expect(new Set(labels).size).toBe(MODEL_KINDS.length);
    expect(MODEL_KIND_INFO.conv.label).toBe('Convolutional');
  });

  it.each(MODEL_KINDS)(
    '%s: depth changes the model exactly when the table says it is used',
    (kind) => {
      const one = fingerprint(tiny(kind, { depth: 1 })).shapes;
      const two = fingerprint(tiny(kind, { depth: 2 })).shapes;
      expect(one !== two).toBe(kindUses(kind, 'depth'));
    },
  );

  it.each(MODEL_KINDS)('%s: corrupts, generates and loss parts match the table', (kind) => {
    const info = MODEL_KIND_INFO[kind];
    const model = createModel(tiny(kind));
    try {
      expect(typeof model.corrupt === 'function').toBe(info.corrupts);
      expect(typeof model.sample === 'function').toBe(info.generates);
    } finally {
      model.dispose();
    }
    const { parts } = fingerprint(tiny(kind));
    expect(parts.includes('sparsity')).toBe(kindUses(kind, 'sparsity'));
    expect(parts.includes('sparsity')).toBe(info.sparseCode);
    expect(parts.includes('kl')).toBe(kindUses(kind, 'beta'));
    expect(parts.includes('contraction')).toBe(kindUses(kind, 'contraction'));
  });

  it.each(MODEL_KINDS)('%s: the noise settings change the corruption only where used', (kind) => {
    const base = fingerprint(tiny(kind, { noise: 'gaussian', noiseLevel: 0.3 })).corrupt;
    const level = fingerprint(tiny(kind, { noise: 'gaussian', noiseLevel: 0.6 })).corrupt;
    const masking = fingerprint(tiny(kind, { noise: 'masking', noiseLevel: 0.3 })).corrupt;
    expect(base !== level).toBe(kindUses(kind, 'noiseLevel'));
    expect(base !== masking).toBe(kindUses(kind, 'noise'));
  });

  it.each(MODEL_KINDS)('%s: the contraction changes the loss only where used', (kind) => {
    const totalAt = (contraction: number) => {
      const model = createModel(tiny(kind, { contraction }));
      try {
        return tf.tidy(
          () => model.trainLoss(tf.fill([2, 784], 0.5) as tf.Tensor2D).total.dataSync()[0]!,
        );
      } finally {
        model.dispose();
      }
    };
    // The variational model's loss draws noise afresh at every call: compare two fresh models.
    expect(totalAt(0.01) !== totalAt(0.5)).toBe(kindUses(kind, 'contraction'));
  });

  it.each(MODEL_KINDS)('%s: each activation gives another reconstruction', (kind) => {
    const outputs = ACTIVATION_KINDS.map((activation) => {
      const model = createModel(tiny(kind, { activation }));
      try {
        return tf.tidy(() => {
          const x = tf.randomUniform([2, 784], 0, 1, 'float32', 4) as tf.Tensor2D;
          return Array.from(model.decode(model.encode(x)).dataSync()).join(',');
        });
      } finally {
        model.dispose();
      }
    });
    expect(new Set(outputs).size).toBe(ACTIVATION_KINDS.length);
  });

  it('treats latent, hidden, seed, loss and activation as read by every kind', () => {
    for (const kind of MODEL_KINDS) {
      for (const field of ['latent', 'hidden', 'seed', 'loss', 'activation'] as const) {
        expect(kindUses(kind, field)).toBe(true);
      }
    }
  });
});
