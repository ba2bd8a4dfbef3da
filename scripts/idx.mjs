// IDX parsing for the original MNIST files. Pure functions: bytes in, typed arrays out.

/** Magic numbers: 0x00000803 = unsigned bytes, 3 dims; 0x00000801 = unsigned bytes, 1 dim. */
export const IDX_IMAGES_MAGIC = 0x00000803;
export const IDX_LABELS_MAGIC = 0x00000801;

/**
 * Parses an IDX3 image file.
 * @param {Uint8Array} bytes the whole file
 * @param {string} name used in error messages
 * @returns {{count: number, rows: number, cols: number, pixels: Uint8Array}} pixels: [count, rows*cols]
 */
export function parseIdxImages(bytes, name = 'images') {
  if (bytes.length < 16)
    throw new Error(`${name}: file is ${bytes.length} bytes, too short for an IDX header`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = view.getUint32(0);
  if (magic !== IDX_IMAGES_MAGIC) {
    throw new Error(
      `${name}: magic number 0x${magic.toString(16).padStart(8, '0')}, expected 0x00000803 (IDX3 images)`,
    );
  }
  const count = view.getUint32(4);
  const rows = view.getUint32(8);
  const cols = view.getUint32(12);
  if (rows !== 28 || cols !== 28)
    throw new Error(`${name}: images are ${rows}x${cols}, expected 28x28`);
  const expected = 16 + count * rows * cols;
  if (bytes.length !== expected) {
    throw new Error(
      `${name}: file is ${bytes.length} bytes, expected ${expected} for ${count} images`,
    );
  }
  return { count, rows, cols, pixels: bytes.subarray(16) };
}

/**
 * Parses an IDX1 label file.
 * @param {Uint8Array} bytes
 * @param {string} name
 * @returns {{count: number, labels: Uint8Array}}
 */
export function parseIdxLabels(bytes, name = 'labels') {
  if (bytes.length < 8)
    throw new Error(`${name}: file is ${bytes.length} bytes, too short for an IDX header`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = view.getUint32(0);
  if (magic !== IDX_LABELS_MAGIC) {
    throw new Error(
      `${name}: magic number 0x${magic.toString(16).padStart(8, '0')}, expected 0x00000801 (IDX1 labels)`,
    );
  }
  const count = view.getUint32(4);
  if (bytes.length !== 8 + count) {
    throw new Error(
      `${name}: file is ${bytes.length} bytes, expected ${8 + count} for ${count} labels`,
    );
  }
  const labels = bytes.subarray(8);
  for (let i = 0; i < labels.length; i++) {
    if (labels[i] > 9) throw new Error(`${name}: label ${labels[i]} at index ${i} is not a digit`);
  }
  return { count, labels };
}
