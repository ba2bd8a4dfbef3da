// IDX files made in memory for the tests: images and labels with any header.

/** An IDX images file of `pixels` ([count, 784] unless the header says otherwise). */
export function idxImages(
  pixels: Uint8Array,
  header: { magic?: number; count?: number; rows?: number; cols?: number } = {},
): Uint8Array {
  const out = new Uint8Array(16 + pixels.length);
  const v = new DataView(out.buffer);
  v.setUint32(0, header.magic ?? 0x803);
  v.setUint32(4, header.count ?? pixels.length / 784);
  v.setUint32(8, header.rows ?? 28);
  v.setUint32(12, header.cols ?? 28);
  out.set(pixels, 16);
  return out;
}

/** An IDX labels file. */
export function idxLabels(labels: readonly number[]): Uint8Array {
  const out = new Uint8Array(8 + labels.length);
  const v = new DataView(out.buffer);
  v.setUint32(0, 0x801);
  v.setUint32(4, labels.length);
  out.set(labels, 8);
  return out;
}

/** `count` images whose pixels all hold their index (mod 256), so each can be told apart. */
export function numberedImages(count: number, first = 0): Uint8Array {
  const px = new Uint8Array(count * 784);
  for (let i = 0; i < count; i++) px.fill((first + i) % 256, i * 784, (i + 1) * 784);
  return px;
}
