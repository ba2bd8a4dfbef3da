import { useId, useMemo } from 'react';
import { IMAGE_LIMITS } from '../data/imageSet';
import type { Store } from '../state/store';
import type { ImageOptions, ImagePreview } from '../train/protocol';
import { DigitCanvas } from './DigitCanvas';
import { fmtInt } from './format';

interface Props {
  preview: ImagePreview | null;
  options: ImageOptions;
  busy: boolean;
  progress: { done: number; total: number } | null;
  store: Store;
}

const n = fmtInt;

/**
 * A person's images as the model will see them, before it trains on them: a few of each class,
 * the counts, the files left out and why, and the two ways of reading them (Fit and centre like
 * MNIST, Resize and pad; Invert), which read the images again when changed.
 */
export function ImagesPreview({ preview, options, busy, progress, store }: Props) {
  const fitId = useId();
  const invertId = useId();
  const images = useMemo(() => {
    if (!preview) return [];
    return preview.labels.map((label, i) => ({
      label,
      pixels: Float32Array.from(preview.pixels.subarray(i * 784, (i + 1) * 784), (v) => v / 255),
    }));
  }, [preview]);
  if (!preview && !progress) return null;
  const reading = progress
    ? `Reading your images… ${progress.total > 0 ? `${n(progress.done)} of ${n(progress.total)}` : ''}`
    : null;
  return (
    <section className="panel wide images-preview" aria-label="Your images" aria-busy={busy}>
      <h2>
        Your images <small>(what the model will see)</small>
      </h2>
      <div className="buttons image-options">
        <label htmlFor={fitId}>Preparation</label>
        <select
          id={fitId}
          value={options.fit}
          disabled={busy}
          onChange={(e) =>
            store.setImageOptions({ fit: e.currentTarget.value as ImageOptions['fit'] })
          }
        >
          <option value="fit">Fit and centre like MNIST</option>
          <option value="pad">Resize and pad</option>
        </select>
        <input
          id={invertId}
          type="checkbox"
          checked={options.invert}
          disabled={busy}
          onChange={(e) => store.setImageOptions({ invert: e.currentTarget.checked })}
        />
        <label htmlFor={invertId}>Invert (dark ink on light paper)</label>
      </div>
      <p className="hint">
        Fit and centre suits marks drawn or written (each is cropped to its ink and centred, as
        MNIST was made); Resize and pad suits photos (the whole picture, its longer side 28 pixels).
        The page takes {n(IMAGE_LIMITS.minImages)} to {n(IMAGE_LIMITS.maxImages)} images in up to{' '}
        {IMAGE_LIMITS.maxClasses} classes, one folder each; 15% are kept for testing.
      </p>
      {reading && <p role="status">{reading}</p>}
      {preview && (
        <>
          <p
            className="readout"
            aria-label="Image set"
            data-classes={preview.classNames.length}
            data-train={preview.trainCount}
            data-test={preview.testCount}
          >
            {preview.name}: {n(preview.trainCount + preview.testCount)} images in{' '}
            {preview.classNames.length} {preview.classNames.length === 1 ? 'class' : 'classes'} (
            {preview.classNames.join(', ')}): {n(preview.trainCount)} to train on,{' '}
            {n(preview.testCount)} to test with.
          </p>
          <div className="preview-grid">
            {images.map((im, i) => (
              <figure key={i}>
                <DigitCanvas pixels={im.pixels} label={`Preview ${i + 1}`} size={48} />
                <figcaption>{preview.classNames[im.label]}</figcaption>
              </figure>
            ))}
          </div>
          {preview.skipped.length > 0 && (
            <details>
              <summary>
                {preview.skipped.length} {preview.skipped.length === 1 ? 'file' : 'files'} left out
              </summary>
              <ul aria-label="Files left out">
                {preview.skipped.map((m, i) => (
                  <li key={i}>{m}</li>
                ))}
              </ul>
            </details>
          )}
        </>
      )}
      <div className="buttons">
        <button
          type="button"
          className="primary"
          disabled={busy || !preview}
          onClick={() => void store.trainOnImages()}
        >
          Train on these
        </button>
        <button type="button" onClick={store.cancelImages}>
          Cancel
        </button>
      </div>
    </section>
  );
}
