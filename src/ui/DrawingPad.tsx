import { useCallback, useEffect, useImperativeHandle, useRef, type Ref } from 'react';
import { preprocessDrawing, rgbaToGray } from '../data/preprocess';
import { uniformNoise } from '../model/probes';
import { inkBounds } from './inkBounds';

/** CSS size of the pad, and a brush that gives MNIST-like stroke width after preprocessing. */
const PAD_CSS = 280;
const BRUSH_CSS = 20;

type Stroke =
  | { kind: 'line'; points: { x: number; y: number }[] }
  /** A 28×28 image; `raw`: the model gets it as it is, not fitted and centred like a drawing. */
  | { kind: 'digit'; pixels: Float32Array; raw?: boolean };

export interface DrawingPadHandle {
  /** Replaces the drawing with a 28×28 digit (for example a test digit to edit). */
  loadDigit(pixels: Float32Array): void;
}

interface Props {
  /** Called with the preprocessed 28×28 input, or null when the pad is empty. */
  onChange: (input: Float32Array | null) => void;
  /** A stroke began (true) or ended (false). */
  onStroke?: (active: boolean) => void;
  ref?: Ref<DrawingPadHandle>;
}

/**
 * The pad's context. The model's input is read back from it only at one pixel per CSS pixel;
 * on a denser screen it is read from a canvas of its own, and the pad itself stays a canvas the
 * GPU draws, which costs the main thread far less per stroke (a phone's, above all).
 */
function padContext(canvas: HTMLCanvasElement, scale: number): CanvasRenderingContext2D | null {
  return canvas.getContext('2d', { willReadFrequently: scale === 1 });
}

function paintStroke(
  ctx: CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D,
  stroke: Stroke,
  scale: number,
): void {
  if (stroke.kind === 'digit') {
    const tmp = new OffscreenCanvas(28, 28);
    const tctx = tmp.getContext('2d');
    if (!tctx) return;
    const img = tctx.createImageData(28, 28);
    for (let i = 0; i < 784; i++) {
      const v = Math.round(Math.min(1, Math.max(0, stroke.pixels[i] ?? 0)) * 255);
      img.data[i * 4] = 255;
      img.data[i * 4 + 1] = 255;
      img.data[i * 4 + 2] = 255;
      img.data[i * 4 + 3] = v;
    }
    tctx.putImageData(img, 0, 0);
    ctx.imageSmoothingEnabled = true;
    ctx.drawImage(tmp, 0, 0, PAD_CSS * scale, PAD_CSS * scale);
    return;
  }
  const pts = stroke.points;
  const first = pts[0];
  if (!first) return;
  ctx.strokeStyle = '#fff';
  ctx.fillStyle = '#fff';
  ctx.lineWidth = BRUSH_CSS * scale;
  ctx.lineCap = 'round';
  ctx.lineJoin = 'round';
  if (pts.length === 1) {
    ctx.beginPath();
    ctx.arc(first.x * scale, first.y * scale, (BRUSH_CSS * scale) / 2, 0, Math.PI * 2);
    ctx.fill();
    return;
  }
  // Quadratic curves through the midpoints smooth the polyline the pointer events give.
  ctx.beginPath();
  ctx.moveTo(first.x * scale, first.y * scale);
  for (let i = 1; i < pts.length - 1; i++) {
    const p = pts[i]!;
    const q = pts[i + 1]!;
    ctx.quadraticCurveTo(
      p.x * scale,
      p.y * scale,
      ((p.x + q.x) / 2) * scale,
      ((p.y + q.y) / 2) * scale,
    );
  }
  const last = pts[pts.length - 1]!;
  ctx.lineTo(last.x * scale, last.y * scale);
  ctx.stroke();
}

export function DrawingPad({ onChange, onStroke, ref }: Props) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const strokes = useRef<Stroke[]>([]);
  const active = useRef<{ id: number; stroke: Stroke & { kind: 'line' } } | null>(null);
  const frame = useRef(0);
  /** The pad drawn behind the strokes: pointer moves paint at the next frame, once. */
  const stale = useRef(false);
  /** Where the pad is on screen, read as a stroke begins (not at each move: a forced layout). */
  const rect = useRef<DOMRect | null>(null);
  const scaleRef = useRef(1);
  /** The drawing at one pixel per CSS pixel, which the model reads, where the screen is denser. */
  const ink = useRef<OffscreenCanvas | null>(null);

  const redraw = useCallback(() => {
    const canvas = canvasRef.current;
    const ctx = canvas && padContext(canvas, scaleRef.current);
    if (!canvas || !ctx) return;
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    for (const s of strokes.current) paintStroke(ctx, s, scaleRef.current);
  }, []);

  /** Preprocesses at most once per animation frame; the newest drawing wins. */
  const schedule = useCallback(() => {
    if (frame.current) return;
    frame.current = requestAnimationFrame(() => {
      frame.current = 0;
      if (stale.current) {
        stale.current = false;
        redraw();
      }
      const canvas = canvasRef.current;
      const ctx = canvas && padContext(canvas, scaleRef.current);
      if (!canvas || !ctx) return;
      if (strokes.current.length === 0) {
        onChange(null);
        return;
      }
      const only = strokes.current[0]!;
      if (strokes.current.length === 1 && only.kind === 'digit' && only.raw) {
        onChange(only.pixels.slice());
        return;
      }
      // The model reads the drawing at one pixel per CSS pixel whatever the screen's density: on
      // a phone's 2× screen that is a quarter of the pixels to read back and convert, and every
      // screen gives the model the same input for the same strokes.
      let read: CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D = ctx;
      if (scaleRef.current !== 1) {
        ink.current ??= new OffscreenCanvas(PAD_CSS, PAD_CSS);
        const ictx = ink.current.getContext('2d', { willReadFrequently: true });
        if (!ictx) return;
        ictx.clearRect(0, 0, PAD_CSS, PAD_CSS);
        for (const s of strokes.current) paintStroke(ictx, s, 1);
        read = ictx;
      }
      const lines = strokes.current.flatMap((s) => (s.kind === 'line' ? [s.points] : []));
      const whole = lines.length < strokes.current.length;
      const r = inkBounds(lines, BRUSH_CSS, PAD_CSS, whole);
      const { data, width, height } = read.getImageData(r.x, r.y, r.width, r.height);
      onChange(preprocessDrawing(rgbaToGray(data, width, height)));
    });
  }, [onChange, redraw]);

  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    const scale = Math.max(1, Math.min(2, Math.round(window.devicePixelRatio || 1)));
    scaleRef.current = scale;
    canvas.width = PAD_CSS * scale;
    canvas.height = PAD_CSS * scale;
    redraw();
    return () => cancelAnimationFrame(frame.current);
  }, [redraw]);

  // A pad that goes away mid-stroke ends the stroke, or the rest of the page would stay held.
  useEffect(
    () => () => {
      if (active.current) onStroke?.(false);
    },
    [onStroke],
  );

  useImperativeHandle(
    ref,
    () => ({
      loadDigit(pixels: Float32Array) {
        strokes.current = [{ kind: 'digit', pixels: pixels.slice() }];
        redraw();
        schedule();
      },
    }),
    [redraw, schedule],
  );

  const point = (r: DOMRect, e: { clientX: number; clientY: number }) => ({
    x: ((e.clientX - r.left) / r.width) * PAD_CSS,
    y: ((e.clientY - r.top) / r.height) * PAD_CSS,
  });

  const onPointerDown = (e: React.PointerEvent<HTMLCanvasElement>) => {
    if (e.button !== 0 && e.pointerType === 'mouse') return;
    e.preventDefault();
    e.currentTarget.setPointerCapture(e.pointerId);
    // The page does not scroll under a stroke (touch-action: none), so the pad stays put.
    const r = e.currentTarget.getBoundingClientRect();
    rect.current = r;
    const stroke: Stroke & { kind: 'line' } = { kind: 'line', points: [point(r, e)] };
    active.current = { id: e.pointerId, stroke };
    onStroke?.(true);
    strokes.current.push(stroke);
    redraw();
    schedule();
  };

  const onPointerMove = (e: React.PointerEvent<HTMLCanvasElement>) => {
    const a = active.current;
    const r = rect.current;
    if (!a || a.id !== e.pointerId || !r) return;
    // Coalesced events keep fast strokes smooth where the browser batches pointer moves.
    const events = e.nativeEvent.getCoalescedEvents?.() ?? [];
    if (events.length > 0) for (const ev of events) a.stroke.points.push(point(r, ev));
    else a.stroke.points.push(point(r, e));
    stale.current = true;
    schedule();
  };

  const onPointerUp = (e: React.PointerEvent<HTMLCanvasElement>) => {
    if (active.current?.id !== e.pointerId) return;
    active.current = null;
    onStroke?.(false);
  };

  const clear = () => {
    strokes.current = [];
    if (active.current) onStroke?.(false);
    active.current = null;
    redraw();
    schedule();
  };

  const undo = () => {
    strokes.current.pop();
    active.current = null;
    redraw();
    schedule();
  };

  return (
    <div className="pad">
      <canvas
        ref={canvasRef}
        aria-label="Drawing pad"
        role="img"
        className="pad-canvas"
        style={{ width: PAD_CSS }}
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={onPointerUp}
        onPointerCancel={onPointerUp}
        onLostPointerCapture={onPointerUp}
      />
      <div className="buttons">
        <button type="button" onClick={undo}>
          Undo
        </button>
        <button type="button" onClick={clear}>
          Clear
        </button>
        <button
          type="button"
          title="Uniform noise, given to the model as it is: does it copy it, or make a digit of it?"
          onClick={() => {
            strokes.current = [
              {
                kind: 'digit',
                pixels: uniformNoise(1, (Math.random() * 2 ** 32) >>> 0),
                raw: true,
              },
            ];
            redraw();
            schedule();
          }}
        >
          Noise
        </button>
      </div>
    </div>
  );
}
