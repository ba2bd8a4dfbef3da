// Small pictures of what a layer holds: a strip of cells for a dense layer's units, feature maps
// for an image layer, signed bars for a code, a weight image. All drawn with the diverging map.
import { useEffect, useRef } from 'react';
import { absMax, paintDiverging } from './colormap';

/** Cells per row of a dense layer's strip. */
const STRIP_COLUMNS = 32;
const CELL = 7;

/** A dense layer's units as a strip of coloured cells, wrapped at 32 a row. */
export function UnitStrip({
  values,
  label,
  selected,
  onSelect,
}: {
  values: Float32Array;
  label: string;
  /** The unit outlined, if any. */
  selected?: number | null;
  /** Makes the strip pick units: hover, click, or the arrow keys once focused. */
  onSelect?: (unit: number | null) => void;
}) {
  const ref = useRef<HTMLCanvasElement>(null);
  const n = values.length;
  const cols = Math.min(STRIP_COLUMNS, n);
  const rows = Math.ceil(n / cols);
  useEffect(() => {
    const canvas = ref.current;
    if (!canvas) return;
    paintDiverging(canvas, values, cols, rows, absMax(values));
  }, [values, cols, rows]);
  const unitAt = (e: React.MouseEvent<HTMLCanvasElement>): number | null => {
    const box = e.currentTarget.getBoundingClientRect();
    const c = Math.floor(((e.clientX - box.left) / box.width) * cols);
    const r = Math.floor(((e.clientY - box.top) / box.height) * rows);
    const u = r * cols + c;
    return u >= 0 && u < n ? u : null;
  };
  const onKeyDown = (e: React.KeyboardEvent) => {
    if (!onSelect) return;
    const at = selected ?? -1;
    const moves: Record<string, number> = {
      ArrowRight: 1,
      ArrowLeft: -1,
      ArrowDown: cols,
      ArrowUp: -cols,
    };
    if (e.key === 'Escape') return onSelect(null);
    const d = moves[e.key];
    if (d === undefined) return;
    e.preventDefault();
    onSelect(Math.max(0, Math.min(n - 1, at < 0 ? 0 : at + d)));
  };
  const sel = selected ?? null;
  return (
    <div className="strip-box">
      <canvas
        ref={ref}
        width={cols}
        height={rows}
        className={onSelect ? 'strip pickable' : 'strip'}
        style={{ width: cols * CELL, height: rows * CELL }}
        role="img"
        aria-label={label}
        tabIndex={onSelect ? 0 : undefined}
        onMouseMove={onSelect ? (e) => onSelect(unitAt(e)) : undefined}
        onClick={onSelect ? (e) => onSelect(unitAt(e)) : undefined}
        onKeyDown={onKeyDown}
      />
      {sel !== null && sel < n && (
        <span
          className="strip-mark"
          aria-hidden="true"
          style={{
            left: (sel % cols) * CELL,
            top: Math.floor(sel / cols) * CELL,
            width: CELL,
            height: CELL,
          }}
        />
      )}
    </div>
  );
}

/** Up to `max` feature maps of an image layer [h, w, c], each a small canvas. */
export function FeatureMaps({
  values,
  shape,
  label,
  max = 16,
  size = 40,
  selected,
  onSelect,
}: {
  values: Float32Array;
  shape: number[];
  label: (channel: number) => string;
  max?: number;
  size?: number;
  selected?: number | null;
  /** Makes the maps pick their channel on hover or keyboard focus. */
  onSelect?: (channel: number) => void;
}) {
  const [h, w, c] = shape as [number, number, number];
  const shown = Math.min(c, max);
  const scale = absMax(values);
  return (
    <div className="maps">
      {Array.from({ length: shown }, (_, ch) => (
        <WeightImage
          key={ch}
          values={values}
          side={h}
          width={w}
          stride={c}
          offset={ch}
          scale={scale}
          label={label(ch)}
          size={size}
          selected={selected === ch}
          onPick={onSelect ? () => onSelect(ch) : undefined}
        />
      ))}
      {c > shown && <span className="hint">+{c - shown} more</span>}
    </div>
  );
}

/** A side×side (or side×width) image of signed values, e.g. one unit's incoming weights. */
export function WeightImage({
  values,
  side,
  width = side,
  label,
  size = 56,
  scale,
  stride = 1,
  offset = 0,
  selected = false,
  onPick,
}: {
  values: Float32Array;
  side: number;
  width?: number;
  label: string;
  size?: number;
  /** ±scale is the full colour; by default the image's own largest magnitude. */
  scale?: number;
  stride?: number;
  offset?: number;
  selected?: boolean;
  /** Hover or keyboard focus picks this image. */
  onPick?: () => void;
}) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const canvas = ref.current;
    if (!canvas) return;
    let s = scale;
    if (s === undefined) {
      s = 0;
      for (let i = 0; i < side * width; i++)
        s = Math.max(s, Math.abs(values[offset + i * stride]!));
    }
    paintDiverging(canvas, values, width, side, s, stride, offset);
  }, [values, side, width, scale, stride, offset]);
  return (
    <canvas
      ref={ref}
      width={width}
      height={side}
      className={`digit weights${selected ? ' selected' : ''}${onPick ? ' pickable' : ''}`}
      style={{ width: size }}
      role="img"
      aria-label={label}
      tabIndex={onPick ? 0 : undefined}
      onMouseEnter={onPick}
      onFocus={onPick}
    />
  );
}

/** A code as signed bars about a zero line, one per unit. */
export function CodeBars({
  values,
  label,
  height = 48,
  barWidth = 8,
}: {
  values: Float32Array;
  label: string;
  height?: number;
  barWidth?: number;
}) {
  const n = values.length;
  const scale = absMax(values) || 1;
  const mid = height / 2;
  const width = Math.max(1, n) * barWidth;
  return (
    <svg
      className="code-bars"
      width={width}
      height={height}
      viewBox={`0 0 ${width} ${height}`}
      role="img"
      aria-label={label}
      data-units={n}
    >
      <line x1={0} x2={width} y1={mid} y2={mid} className="zero" />
      {Array.from(values, (v, i) => {
        const h = (Math.abs(v) / scale) * (mid - 1);
        return (
          <rect
            key={i}
            x={i * barWidth + 1}
            width={Math.max(1, barWidth - 2)}
            y={v >= 0 ? mid - h : mid}
            height={h}
            className={v >= 0 ? 'pos' : 'neg'}
          >
            <title>{`Unit ${i + 1}: ${v.toFixed(3)}`}</title>
          </rect>
        );
      })}
    </svg>
  );
}
