import { memo, useMemo } from 'react';
import type { DisplayDigits } from '../train/protocol';
import { DigitCanvas } from './DigitCanvas';
import { About, useHidden } from './Why';

interface Props {
  display: DisplayDigits;
  recon: Float32Array | null;
  /** Denoising: the corrupted inputs, shown between the digit and its reconstruction. */
  noisy?: Float32Array | null;
  step: number;
  /** What one image shows ("digit", "item"): the dataset's word. */
  item?: string;
  onPick?: (pixels: Float32Array) => void;
}

function ReconGridImpl({ display, recon, noisy, step, item = 'digit', onPick }: Props) {
  const hidden = useHidden('recon');
  const count = display.labels.length;
  const originals = useMemo(
    () => Array.from({ length: count }, (_, i) => display.pixels.subarray(i * 784, (i + 1) * 784)),
    [display, count],
  );
  const recons = useMemo(
    () => Array.from({ length: count }, (_, i) => recon?.subarray(i * 784, (i + 1) * 784) ?? null),
    [recon, count],
  );
  if (hidden) return null;
  return (
    <section className="panel recon" aria-label="Reconstructions">
      <h2>
        Originals and reconstructions{' '}
        <small>
          (test {item}s, step {step})
        </small>
      </h2>
      <About topic="reconstructions" />
      <div className="recon-grid">
        {originals.map((pixels, i) => (
          <div className="pair" key={i}>
            <DigitCanvas
              pixels={pixels}
              label={`Original ${i + 1}`}
              onClick={onPick ? () => onPick(pixels) : undefined}
            />
            {noisy && (
              <DigitCanvas
                pixels={noisy.subarray(i * 784, (i + 1) * 784)}
                label={`Noisy input ${i + 1}`}
              />
            )}
            <DigitCanvas pixels={recons[i] ?? null} label={`Reconstruction ${i + 1}`} />
          </div>
        ))}
      </div>
      <p className="hint">
        {noisy
          ? `Top: the clean ${item}. Middle: the corrupted input the model sees. Bottom: what it rebuilds.`
          : `Top: the ${item}. Bottom: what the autoencoder rebuilds from its code.`}
      </p>
    </section>
  );
}

export const ReconGrid = memo(ReconGridImpl);
