import { memo, useEffect, useMemo, useRef, useState } from 'react';
import type { DatasetInfo } from '../data/datasets';
import type { Analysis } from '../train/protocol';
import { classColor } from './colors';

interface Props {
  analysis: Analysis | null;
  labels: Uint8Array | null;
  /** Whose class names the legend and the tooltip show. */
  info: DatasetInfo;
  /** The drawing's code in the same plane, when the pad holds a drawing. */
  marker: [number, number] | null;
  picked: { x: number; y: number } | null;
  /** Latent size 2: clicking decodes the point. */
  onPick?: (x: number, y: number) => void;
}

const SIZE = 420;
const PAD = 12;

interface View {
  x0: number;
  x1: number;
  y0: number;
  y1: number;
}

function viewOf(points: Float32Array, n: number): View {
  let x0 = Infinity;
  let x1 = -Infinity;
  let y0 = Infinity;
  let y1 = -Infinity;
  for (let i = 0; i < n; i++) {
    const x = points[2 * i]!;
    const y = points[2 * i + 1]!;
    if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
    x0 = Math.min(x0, x);
    x1 = Math.max(x1, x);
    y0 = Math.min(y0, y);
    y1 = Math.max(y1, y);
  }
  if (!(x1 > x0)) [x0, x1] = [x0 - 1 || -1, x0 + 1 || 1];
  if (!(y1 > y0)) [y0, y1] = [y0 - 1 || -1, y0 + 1 || 1];
  return { x0, x1, y0, y1 };
}

const toPx = (v: View, x: number, y: number): [number, number] => [
  PAD + ((x - v.x0) / (v.x1 - v.x0)) * (SIZE - 2 * PAD),
  SIZE - PAD - ((y - v.y0) / (v.y1 - v.y0)) * (SIZE - 2 * PAD),
];
const fromPx = (v: View, px: number, py: number): [number, number] => [
  v.x0 + ((px - PAD) / (SIZE - 2 * PAD)) * (v.x1 - v.x0),
  v.y0 + ((SIZE - PAD - py) / (SIZE - 2 * PAD)) * (v.y1 - v.y0),
];

function LatentScatterImpl({ analysis, labels, info, marker, picked, onPick }: Props) {
  const { classNames, item } = info;
  const ref = useRef<HTMLCanvasElement>(null);
  const [hover, setHover] = useState<{ px: number; py: number; label: number } | null>(null);
  const n = analysis && labels ? Math.min(labels.length, analysis.points.length / 2) : 0;
  const view = useMemo(() => (analysis ? viewOf(analysis.points, n) : null), [analysis, n]);

  useEffect(() => {
    const canvas = ref.current;
    const ctx = canvas?.getContext('2d');
    if (!canvas || !ctx) return;
    ctx.fillStyle = '#0b0e14';
    ctx.fillRect(0, 0, SIZE, SIZE);
    if (!analysis || !labels || !view) return;
    // One path per class: a fill a class instead of thousands keeps a redraw under a millisecond
    // or two.
    for (let c = 0; c < classNames.length; c++) {
      ctx.fillStyle = classColor(c);
      ctx.globalAlpha = 0.8;
      ctx.beginPath();
      for (let i = 0; i < n; i++) {
        if (labels[i] !== c) continue;
        const [px, py] = toPx(view, analysis.points[2 * i]!, analysis.points[2 * i + 1]!);
        ctx.moveTo(px + 2, py);
        ctx.arc(px, py, 2, 0, Math.PI * 2);
      }
      ctx.fill();
    }
    ctx.globalAlpha = 1;
    const ring = (x: number, y: number, color: string) => {
      const [px, py] = toPx(view, x, y);
      ctx.strokeStyle = color;
      ctx.lineWidth = 2.5;
      ctx.beginPath();
      ctx.arc(px, py, 7, 0, Math.PI * 2);
      ctx.stroke();
      ctx.beginPath();
      ctx.moveTo(px - 11, py);
      ctx.lineTo(px + 11, py);
      ctx.moveTo(px, py - 11);
      ctx.lineTo(px, py + 11);
      ctx.stroke();
    };
    if (picked) ring(picked.x, picked.y, '#ffffff');
    if (marker) ring(marker[0], marker[1], '#ff4d4d');
  }, [analysis, labels, view, n, marker, picked, classNames.length]);

  const locate = (e: React.MouseEvent<HTMLCanvasElement>): [number, number] => {
    const r = e.currentTarget.getBoundingClientRect();
    return [((e.clientX - r.left) / r.width) * SIZE, ((e.clientY - r.top) / r.height) * SIZE];
  };

  const onMove = (e: React.MouseEvent<HTMLCanvasElement>) => {
    if (!analysis || !labels || !view) return;
    const [mx, my] = locate(e);
    let best = -1;
    let bestD = 36; // within 6 px
    for (let i = 0; i < n; i++) {
      const [px, py] = toPx(view, analysis.points[2 * i]!, analysis.points[2 * i + 1]!);
      const d = (px - mx) ** 2 + (py - my) ** 2;
      if (d < bestD) {
        bestD = d;
        best = i;
      }
    }
    setHover(best >= 0 ? { px: mx, py: my, label: labels[best]! } : null);
  };

  const onClick = (e: React.MouseEvent<HTMLCanvasElement>) => {
    if (!onPick || !view) return;
    const [mx, my] = locate(e);
    const [x, y] = fromPx(view, mx, my);
    onPick(x, y);
  };

  const k = analysis?.latent;
  return (
    <div className="scatter">
      <div className="scatter-box">
        <canvas
          ref={ref}
          width={SIZE}
          height={SIZE}
          role="img"
          aria-label="Latent space"
          data-points={n}
          className={onPick ? 'clickable' : undefined}
          onMouseMove={onMove}
          onMouseLeave={() => setHover(null)}
          onClick={onClick}
        />
        {hover && (
          <div className="tip" role="tooltip" style={{ left: hover.px + 12, top: hover.py + 12 }}>
            {item === 'digit' ? `digit ${hover.label}` : (classNames[hover.label] ?? hover.label)}
          </div>
        )}
      </div>
      <ul className="legend" aria-label={item === 'digit' ? 'Digit colours' : 'Class colours'}>
        {classNames.map((name, d) => (
          <li key={d}>
            <span className="swatch" style={{ background: classColor(d) }} /> {name}
          </li>
        ))}
        {marker && (
          <li>
            <span className="swatch ring" /> your drawing
          </li>
        )}
      </ul>
      <p className="hint">
        {n.toLocaleString('en-US')} test {item === 'digit' ? 'digits' : 'images'}.{' '}
        {k === undefined
          ? ''
          : k <= 2
            ? `The raw ${k}-D codes.${onPick ? ' Click anywhere to decode that point.' : ''}`
            : `A 2-D PCA projection of the ${k}-D codes.`}
      </p>
    </div>
  );
}

export const LatentScatter = memo(LatentScatterImpl);
