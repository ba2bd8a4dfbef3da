import type { ModelConfig } from './config';
import { createContractiveAutoencoder } from './contractive';
import { createConvAutoencoder } from './conv';
import { createDenoisingAutoencoder } from './denoising';
import { createDenseAutoencoder } from './dense';
import { createSparseAutoencoder } from './sparse';
import type { Autoencoder } from './types';
import { createVariationalAutoencoder } from './vae';

/**
 * Builds the model a config describes. Both the trainer and the inference worker use it, and it
 * is the only place that looks at `config.kind`: the variables' order and shapes follow from the
 * config alone, so a weight snapshot from one fits a model rebuilt by the other.
 */
export function createModel(config: ModelConfig): Autoencoder {
  const { hidden, latent, seed, depth, loss, activation } = config;
  switch (config.kind) {
    case 'dense':
      return createDenseAutoencoder({ hidden, latent, seed, depth, loss, activation });
    case 'conv':
      return createConvAutoencoder({ hidden, latent, seed, loss, activation });
    case 'denoising':
      return createDenoisingAutoencoder({
        hidden,
        latent,
        seed,
        depth,
        loss,
        activation,
        noise: config.noise,
        noiseLevel: config.noiseLevel,
      });
    case 'sparse':
      return createSparseAutoencoder({
        hidden,
        latent,
        seed,
        depth,
        loss,
        activation,
        sparsity: config.sparsity,
      });
    case 'vae':
      return createVariationalAutoencoder({
        hidden,
        latent,
        seed,
        depth,
        loss,
        activation,
        beta: config.beta,
      });
    case 'contractive':
      return createContractiveAutoencoder({
        hidden,
        latent,
        seed,
        depth,
        loss,
        activation,
        contraction: config.contraction,
      });
    default: {
      const unknown: never = config.kind;
      throw new Error(`Unknown model kind: ${String(unknown)}`);
    }
  }
}
