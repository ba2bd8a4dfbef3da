// The files a person picks to load a model (model.json and its weights, as tf.io.browserDownloads
// saved them) read into a model. Bytes in, data out: it runs in a worker or in Node alike. Every
// way a pick can go wrong ends in a ModelFileError that says what to do.
import type { io } from '@tensorflow/tfjs-core';
import { fromLayersArtifacts, type LoadedModel } from './layersFormat';
import { MAX_MODEL_JSON_BYTES, MAX_WEIGHTS_BYTES, MB } from './fileLimits';
import { ModelFileError, readRunMetadata } from './runMetadata';

export { MAX_MODEL_JSON_BYTES, MAX_WEIGHTS_BYTES };

/** A file as the page read it: its name (a path is allowed) and its contents. */
export interface ModelFile {
  name: string;
  bytes: Uint8Array;
}

const baseName = (path: string): string => path.slice(path.lastIndexOf('/') + 1);
const megabytes = (bytes: number): string => `${Math.round(bytes / MB)} MB`;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function readJson(file: ModelFile): unknown {
  if (file.bytes.byteLength > MAX_MODEL_JSON_BYTES)
    throw new ModelFileError(
      `“${baseName(file.name)}” is larger than any model.json the playground writes ` +
        `(over ${megabytes(MAX_MODEL_JSON_BYTES)}), so it is not one.`,
    );
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(file.bytes);
  } catch {
    throw new ModelFileError(
      `“${baseName(file.name)}” is not a text file, so it is not a model.json.`,
    );
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ModelFileError(
      `“${baseName(file.name)}” is not valid JSON: it may be cut short or damaged.`,
    );
  }
}

interface ManifestGroup {
  paths: string[];
  weights: io.WeightsManifestEntry[];
}

function readManifest(value: unknown): ManifestGroup[] {
  const ok =
    Array.isArray(value) &&
    value.every(
      (g) =>
        isRecord(g) &&
        Array.isArray(g.paths) &&
        g.paths.every((p) => typeof p === 'string') &&
        Array.isArray(g.weights),
    );
  if (!ok)
    throw new ModelFileError('model.json is damaged: its list of weights files is malformed.');
  return value as ManifestGroup[];
}

/**
 * Reads a model this app saved from the files a person chose: one model.json (tfjs Layers format,
 * ours) and the weights files its `weightsManifest[].paths` name, matched by file name; other
 * files are ignored. Caps: model.json MAX_MODEL_JSON_BYTES, the weights MAX_WEIGHTS_BYTES.
 * @returns as fromLayersArtifacts: the config, the variables' values in order, the run
 * @throws ModelFileError when the files are not a complete, intact model from this app
 */
export function parseModelFiles(files: readonly ModelFile[]): LoadedModel {
  const jsons = files.filter((f) => f.name.toLowerCase().endsWith('.json'));
  if (jsons.length === 0)
    throw new ModelFileError(
      files.length === 0
        ? 'Choose a model.json and its weights file (model.weights.bin).'
        : 'There is no model.json among the chosen files: choose it and its weights file.',
    );
  if (jsons.length > 1)
    throw new ModelFileError(
      `Choose one model at a time (got ${jsons.map((f) => `“${baseName(f.name)}”`).join(', ')}).`,
    );
  const jsonFile = jsons[0]!;
  const json = readJson(jsonFile);
  if (!isRecord(json) || !isRecord(json.modelTopology))
    throw new ModelFileError(`“${baseName(jsonFile.name)}” is not a TensorFlow.js model.`);
  // Before the weights: a model from elsewhere is named as such even when its weights are absent.
  readRunMetadata(json.userDefinedMetadata);
  const groups = readManifest(json.weightsManifest);

  const byName = new Map<string, ModelFile>();
  for (const f of files)
    if (!f.name.toLowerCase().endsWith('.json')) byName.set(baseName(f.name), f);
  const parts: Uint8Array[] = [];
  let total = 0;
  for (const path of groups.flatMap((g) => g.paths)) {
    const name = baseName(path);
    const file = byName.get(name);
    if (file === undefined)
      throw new ModelFileError(
        `The weights file “${name}” is missing: choose it together with ${baseName(jsonFile.name)}.`,
      );
    total += file.bytes.byteLength;
    if (total > MAX_WEIGHTS_BYTES)
      throw new ModelFileError(
        `The weights files are larger than any model the playground writes ` +
          `(over ${megabytes(MAX_WEIGHTS_BYTES)}), so they are not one.`,
      );
    parts.push(file.bytes);
  }
  const weightData = new Uint8Array(total);
  let offset = 0;
  for (const p of parts) {
    weightData.set(p, offset);
    offset += p.byteLength;
  }
  return fromLayersArtifacts({
    modelTopology: json.modelTopology,
    format: json.format as string | undefined,
    generatedBy: json.generatedBy as string | undefined,
    convertedBy: json.convertedBy as string | null | undefined,
    weightSpecs: groups.flatMap((g) => g.weights),
    weightData: weightData.buffer,
    userDefinedMetadata: json.userDefinedMetadata as Record<string, object>,
  });
}
