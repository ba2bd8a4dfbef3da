import { useEffect, useRef } from 'react';

interface Props {
  /** [784] values in [0,1], or null for an empty (black) square. */
  pixels: Float32Array | null;
  label: string;
  size?: number;
  onClick?: () => void;
  /** Paint as a heatmap (black → red → yellow) rather than grey. */
  heat?: boolean;
}

/** Each canvas's pixel buffer, made once: the grid and the pad's answers repaint many times. */
const buffers = new WeakMap<HTMLCanvasElement, ImageData>();

/** Paints a 28×28 digit white on black, scaled up with crisp pixels. */
export function paintDigit(
  canvas: HTMLCanvasElement,
  pixels: Float32Array | null,
  heat = false,
): void {
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  let img = buffers.get(canvas);
  if (!img) {
    img = ctx.createImageData(28, 28);
    buffers.set(canvas, img);
  }
  for (let i = 0; i < 784; i++) {
    const v = pixels ? Math.round(Math.min(1, Math.max(0, pixels[i] ?? 0)) * 255) : 0;
    img.data[i * 4] = heat ? Math.min(255, v * 2) : v;
    img.data[i * 4 + 1] = heat ? Math.max(0, v * 2 - 255) : v;
    img.data[i * 4 + 2] = heat ? 0 : v;
    img.data[i * 4 + 3] = 255;
  }
  ctx.putImageData(img, 0, 0);
}

export function DigitCanvas({ pixels, label, size = 56, onClick, heat = false }: Props) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (ref.current) paintDigit(ref.current, pixels, heat);
  }, [pixels, heat]);
  return (
    <canvas
      ref={ref}
      width={28}
      height={28}
      role="img"
      aria-label={label}
      className={onClick ? 'digit clickable' : 'digit'}
      style={{ width: size }}
      onClick={onClick}
    />
  );
}
