// The worker's side of Download model and Load model: the current run as the two files of a
// TensorFlow.js Layers model, and chosen files read back into a snapshot to restore. Parsing
// happens here, in the worker, so a large or hostile file never stalls the page.
import type { io } from '@tensorflow/tfjs-core';
import packageJson from '../../package.json';
import { toLayersArtifacts } from '../model/layersFormat';
import { parseModelFiles } from '../model/modelFiles';
import { ModelFileError, runMetadata } from '../model/runMetadata';
import type { FromWorker, HyperParams, ToWorker } from './protocol';
import type { Trainer } from './trainer';

/** The name tf.io.browserDownloads gives the files by default: model.json, model.weights.bin. */
export const MODEL_FILE_NAME = 'model';

/**
 * model.json's text as tf.io.browserDownloads writes it for these artifacts: the same fields in
 * the same order (its getModelJSONForModelArtifacts, which tf.io does not export), with the
 * weights manifest pointing at ./model.weights.bin.
 */
export function modelJsonText(artifacts: io.ModelArtifacts): string {
  const json: Record<string, unknown> = {
    modelTopology: artifacts.modelTopology,
    format: artifacts.format,
    generatedBy: artifacts.generatedBy,
    convertedBy: artifacts.convertedBy,
    weightsManifest: [
      { paths: [`./${MODEL_FILE_NAME}.weights.bin`], weights: artifacts.weightSpecs },
    ],
  };
  if (artifacts.userDefinedMetadata != null)
    json.userDefinedMetadata = artifacts.userDefinedMetadata;
  return JSON.stringify(json);
}

/** Answers exportModel: the current weights (one readback) and run as the two files' contents. */
export async function exportModel(
  trainer: Trainer,
  msg: Extract<ToWorker, { type: 'exportModel' }>,
): Promise<{ msg: FromWorker; transfer: Transferable[] }> {
  const taken = await trainer.takeSnapshot(false);
  if (!taken)
    return {
      msg: { type: 'exportFailed', id: msg.id, message: 'There is no model to save yet.' },
      transfer: [],
    };
  const { model, step, examples, weights } = taken.snapshot;
  try {
    const run = runMetadata(model, {
      appVersion: packageJson.version,
      step,
      examples,
      lossHistory: msg.history,
    });
    const artifacts = toLayersArtifacts(model, weights, run);
    const data = artifacts.weightData;
    if (!(data instanceof ArrayBuffer)) throw new Error('Cannot save this model: no weight data.');
    return {
      msg: {
        type: 'modelFile',
        id: msg.id,
        json: modelJsonText(artifacts),
        weights: data,
        name: MODEL_FILE_NAME,
      },
      transfer: [data],
    };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    return { msg: { type: 'exportFailed', id: msg.id, message }, transfer: [] };
  }
}

/**
 * Answers importModel: the chosen files as a snapshot of a run at the file's step, with no
 * optimizer state (a file has none) and the given hyperparameters (a file has none either).
 * Touches no model: the page restores it by sending configure.
 */
export function importModel(
  msg: Extract<ToWorker, { type: 'importModel' }>,
  hyper: HyperParams,
): { msg: FromWorker; transfer: Transferable[] } {
  try {
    const { config, values, metadata } = parseModelFiles(msg.files);
    return {
      msg: {
        type: 'imported',
        id: msg.id,
        model: config,
        snapshot: {
          model: { ...config },
          hyper: { ...hyper },
          step: metadata.step,
          examples: metadata.examples,
          weights: values,
          optimizer: null,
        },
        metadata,
      },
      transfer: values.map((v) => v.buffer),
    };
  } catch (err) {
    const message =
      err instanceof ModelFileError
        ? err.message
        : `These files could not be read as a model (${err instanceof Error ? err.message : String(err)}).`;
    return { msg: { type: 'importFailed', id: msg.id, message }, transfer: [] };
  }
}
