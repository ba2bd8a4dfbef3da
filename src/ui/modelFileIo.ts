// The browser's side of model files: saving the two files of a download, reading chosen files.
import { MAX_CHOSEN_BYTES, MB } from '../model/fileLimits';

/** Saves model.json and its weights as two downloads, the way tf.io.browserDownloads does. */
export function saveModelFiles(file: { json: string; weights: ArrayBuffer; name: string }): void {
  const save = (blob: Blob, name: string) => {
    const url = URL.createObjectURL(blob);
    const a = document.createElement('a');
    a.href = url;
    a.download = name;
    a.click();
    // The download has started from the link; the URL can go once the click is handled.
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  };
  save(new Blob([file.json], { type: 'application/json' }), `${file.name}.json`);
  save(new Blob([file.weights], { type: 'application/octet-stream' }), `${file.name}.weights.bin`);
}

/** The chosen files' bytes, or why they are not read (too large to be a model of this app). */
export async function readChosenFiles(
  files: File[],
): Promise<{ name: string; bytes: Uint8Array }[] | string> {
  const total = files.reduce((n, f) => n + f.size, 0);
  if (total > MAX_CHOSEN_BYTES) {
    return `These files are ${Math.round(total / MB)} MB; a model of this app is at most ${Math.round(MAX_CHOSEN_BYTES / MB)} MB.`;
  }
  return Promise.all(
    files.map(async (f) => ({ name: f.name, bytes: new Uint8Array(await f.arrayBuffer()) })),
  );
}
