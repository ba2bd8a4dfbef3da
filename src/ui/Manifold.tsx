import { memo, useEffect, useRef } from 'react';
import type { Analysis } from '../train/protocol';
import { About } from './Why';

/** At latent size 2 the whole code space is a plane: decode a grid of it into one picture. */
function ManifoldImpl({ manifold }: { manifold: NonNullable<Analysis['manifold']> }) {
  const ref = useRef<HTMLCanvasElement>(null);
  const { size, images } = manifold;
  useEffect(() => {
    const ctx = ref.current?.getContext('2d');
    if (!ctx) return;
    const img = ctx.createImageData(size * 28, size * 28);
    for (let cell = 0; cell < size * size; cell++) {
      const r0 = Math.floor(cell / size) * 28;
      const c0 = (cell % size) * 28;
      for (let p = 0; p < 784; p++) {
        const v = Math.round(Math.min(1, Math.max(0, images[cell * 784 + p] ?? 0)) * 255);
        const o = ((r0 + Math.floor(p / 28)) * size * 28 + c0 + (p % 28)) * 4;
        img.data[o] = v;
        img.data[o + 1] = v;
        img.data[o + 2] = v;
        img.data[o + 3] = 255;
      }
    }
    ctx.putImageData(img, 0, 0);
  }, [images, size]);
  return (
    <figure className="manifold" aria-label="Manifold">
      <About topic="manifold" />
      <canvas
        ref={ref}
        width={size * 28}
        height={size * 28}
        className="digit"
        style={{ width: 420 }}
        role="img"
        aria-label="Decoded manifold"
      />
      <figcaption>
        {size}×{size} codes from z₁ = {manifold.x[0].toFixed(1)}…{manifold.x[1].toFixed(1)} (left to
        right), z₂ = {manifold.y[1].toFixed(1)}…{manifold.y[0].toFixed(1)} (top to bottom), decoded.
      </figcaption>
    </figure>
  );
}

export const Manifold = memo(ManifoldImpl);
