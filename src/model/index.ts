import type { ModelConfig } from '../train/protocol';
import { createDenseAutoencoder } from './dense';
import type { Autoencoder } from './types';

/** Builds the model a config describes. Both the trainer and the inference worker use it. */
export function createModel(config: ModelConfig): Autoencoder {
  return createDenseAutoencoder({ hidden: config.hidden, latent: config.latent, seed: config.seed });
}
