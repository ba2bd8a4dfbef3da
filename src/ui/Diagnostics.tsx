import { memo, useMemo } from 'react';
import {
  Bar,
  BarChart,
  CartesianGrid,
  Cell,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { DatasetInfo } from '../data/datasets';
import type { Analysis } from '../train/protocol';
import { classColor } from './colors';
import { DigitCanvas } from './DigitCanvas';
import { useHeld, useOnScreen } from './useOnScreen';
import { About, useHidden } from './Why';

function DiagnosticsImpl({ analysis: live, info }: { analysis: Analysis; info: DatasetInfo }) {
  // Off screen it keeps what it last drew (a chart and 16 images), and catches up in view.
  const [ref, onScreen] = useOnScreen<HTMLElement>();
  const analysis = useHeld(live, onScreen, `${live.latent} ${live.classMse.length}`);
  const { classNames, item } = info;
  // The analysis gives ten classes at least; a person's data may have fewer.
  const bars = analysis.classMse.slice(0, classNames.length).map((mse, label) => ({
    label,
    name: classNames[label] ?? String(label),
    mse,
  }));
  const perDigit = item === 'digit';
  const { worst } = analysis;
  const hidden = useHidden('diagnostics');
  const cells = useMemo(
    () =>
      worst.indices.map((_, i) => {
        const o = worst.originals.subarray(i * 784, (i + 1) * 784);
        const r = worst.recons.subarray(i * 784, (i + 1) * 784);
        const diff = new Float32Array(784);
        for (let p = 0; p < 784; p++) diff[p] = Math.abs(o[p]! - r[p]!);
        return { o, r, diff };
      }),
    [worst],
  );
  if (hidden) return null;
  return (
    <>
      <figure
        ref={ref}
        className="panel lazy"
        aria-label={perDigit ? 'Per-digit error' : 'Per-class error'}
      >
        <figcaption>Test MSE per {perDigit ? 'digit class' : 'class'}</figcaption>
        <About topic="classes" />
        <div className="bars-box" data-classes={bars.length}>
          <ResponsiveContainer width="100%" height="100%">
            <BarChart data={bars} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
              <CartesianGrid strokeDasharray="3 3" stroke="#2a2f3a" />
              <XAxis
                dataKey="name"
                stroke="#8a93a6"
                interval={0}
                tick={{ fontSize: perDigit ? 12 : 9 }}
              />
              <YAxis stroke="#8a93a6" width={56} tickFormatter={(v: number) => v.toPrecision(2)} />
              <Tooltip
                formatter={(v) => (typeof v === 'number' ? v.toPrecision(4) : String(v))}
                contentStyle={{ background: '#151922', border: '1px solid #2a2f3a' }}
              />
              <Bar dataKey="mse" name="MSE" isAnimationActive={false}>
                {bars.map((b) => (
                  <Cell key={b.label} fill={classColor(b.label)} />
                ))}
              </Bar>
            </BarChart>
          </ResponsiveContainer>
        </div>
      </figure>
      <section className="panel lazy" aria-label="Worst reconstructions">
        <h2>
          Worst reconstructions <small>({item}, reconstruction, error |x − x̂|)</small>
        </h2>
        <About topic="worst" />
        <div className="worst">
          {cells.map((c, i) => (
            <div
              className="triplet"
              key={worst.indices[i]}
              title={`MSE ${worst.mse[i]?.toFixed(4)}`}
            >
              <DigitCanvas pixels={c.o} label={`Worst ${i + 1} original`} size={40} />
              <DigitCanvas pixels={c.r} label={`Worst ${i + 1} reconstruction`} size={40} />
              <DigitCanvas pixels={c.diff} label={`Worst ${i + 1} error`} size={40} heat />
            </div>
          ))}
        </div>
      </section>
    </>
  );
}

export const Diagnostics = memo(DiagnosticsImpl);
