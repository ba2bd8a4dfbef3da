import { memo } from 'react';
import {
  CartesianGrid,
  Line,
  LineChart,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { LossPoint } from '../state/history';
import type { RunRecord } from '../state/appState';
import { fmtInt } from './format';
import { logTicks, niceLogDomain, positiveExtent } from './logTicks';
import { About, useHidden } from './Why';

interface Props {
  history: LossPoint[];
  yLabel?: string;
  pca?: { k: number; mse: number } | null;
  runs?: RunRecord[];
}

const fmtTick = (v: number) =>
  v >= 1e6
    ? `${Number((v / 1e6).toPrecision(3))}M`
    : v >= 1000
      ? `${Number((v / 1000).toPrecision(3))}k`
      : String(v);
const PART_COLORS: Record<string, string> = {
  reconstruction: '#7bd88f',
  kl: '#ff6b9a',
  sparsity: '#ff6b9a',
  contraction: '#ff6b9a',
};

const TRAIN_COLOR = '#5aa9ff';
const VAL_COLOR = '#ffb454';
const PCA_COLOR = '#c678dd';

const fmtY = (v: number) => (v >= 0.001 ? String(Number(v.toPrecision(2))) : v.toExponential(1));

export const runLabel = (r: RunRecord) => `run ${r.id}: ${r.model.kind} k=${r.model.latent}`;

/**
 * The PCA line's label, right-aligned just above the line. A plain <text>: recharts' own label
 * measures each word in the DOM at every update.
 */
function pcaLabel(
  { viewBox }: { viewBox?: { x?: number; y?: number; width?: number } },
  text: string,
) {
  const x = (viewBox?.x ?? 0) + (viewBox?.width ?? 0) - 6;
  return (
    <text x={x} y={(viewBox?.y ?? 0) - 6} textAnchor="end" fill={PCA_COLOR} fontSize={12}>
      {text}
    </text>
  );
}

interface TickProps {
  x?: number;
  y?: number;
  textAnchor?: 'start' | 'middle' | 'end' | 'inherit';
  verticalAnchor?: 'start' | 'middle' | 'end';
  payload?: { value: number };
}

/**
 * An axis label as a plain <text>, placed where recharts puts its own. recharts' own tick
 * measures its words in the DOM at every render (getStringSize); on a phone's CPU that was most
 * of the chart's cost.
 */
function tick(format: (v: number) => string) {
  function AxisTick({ x = 0, y = 0, textAnchor = 'middle', verticalAnchor, payload }: TickProps) {
    const dy = verticalAnchor === 'start' ? '0.71em' : verticalAnchor === 'end' ? '0' : '0.32em';
    return (
      <text x={x} y={y} dy={dy} textAnchor={textAnchor} fill="#8a93a6" fontSize={12}>
        {payload ? format(payload.value) : ''}
      </text>
    );
  }
  return AxisTick;
}
const xTick = tick(fmtTick);
const yTick = tick(fmtY);

interface LegendItem {
  name: string;
  color: string;
  dashed?: boolean;
}

/**
 * The series, as plain HTML under the chart. (recharts' own legend measures itself in the DOM
 * after every update, a forced layout each time the loss moves.)
 */
function ChartLegend({ items }: { items: LegendItem[] }) {
  return (
    <ul className="chart-legend" aria-label="Chart legend">
      {items.map((it) => (
        <li key={it.name}>
          <svg width="18" height="8" aria-hidden="true">
            <line
              x1="0"
              y1="4"
              x2="18"
              y2="4"
              stroke={it.color}
              strokeWidth="2"
              strokeDasharray={it.dashed ? '4 3' : undefined}
            />
          </svg>
          {it.name}
        </li>
      ))}
    </ul>
  );
}

function LossChartImpl({ history, yLabel = 'MSE', pca, runs = [] }: Props) {
  const hidden = useHidden('chart');
  const shown = runs.filter((r) => r.visible && r.history.length > 0);
  const partNames = Object.keys(history.find((p) => p.parts)?.parts ?? {});
  const empty = history.length === 0 && shown.length === 0;
  const legend: LegendItem[] = [
    ...shown.map((r) => ({ name: runLabel(r), color: '#8a93a6', dashed: true })),
    { name: `train (${yLabel})`, color: TRAIN_COLOR },
    ...partNames.map((n) => ({ name: `train ${n}`, color: PART_COLORS[n] ?? '#cccccc' })),
    { name: 'validation (MSE)', color: VAL_COLOR },
    ...(pca ? [{ name: `PCA k=${pca.k}`, color: PCA_COLOR, dashed: true }] : []),
  ];
  if (hidden) return null;
  const extent = positiveExtent(
    (function* () {
      for (const p of history) {
        yield p.loss;
        yield p.val;
        if (p.parts) yield* Object.values(p.parts);
      }
      for (const r of shown) for (const p of r.history) yield p.val;
      yield pca?.mse;
    })(),
  );
  const yDomain = extent ? niceLogDomain(...extent) : null;
  return (
    <figure className="panel chart" aria-label="Loss chart">
      <figcaption>Loss ({yLabel}, log scale) against examples seen</figcaption>
      <About topic="loss" />
      <div className="chart-box">
        {empty ? (
          <p className="empty">The curve appears as soon as training starts.</p>
        ) : (
          <ResponsiveContainer width="100%" height="100%">
            <LineChart margin={{ top: 8, right: 16, bottom: 4, left: 4 }}>
              <CartesianGrid strokeDasharray="3 3" stroke="#2a2f3a" />
              <XAxis
                dataKey="examples"
                type="number"
                domain={[0, 'dataMax']}
                tick={xTick}
                stroke="#8a93a6"
                allowDuplicatedCategory={false}
                interval={0}
              />
              <YAxis
                scale="log"
                domain={yDomain ?? ['auto', 'auto']}
                ticks={yDomain ? logTicks(...yDomain) : undefined}
                tick={yTick}
                interval={0}
                stroke="#8a93a6"
                width={56}
              />
              <Tooltip
                formatter={(v) => (typeof v === 'number' ? v.toPrecision(4) : String(v))}
                labelFormatter={(v) => `${fmtInt(Number(v))} examples`}
                contentStyle={{ background: '#151922', border: '1px solid #2a2f3a' }}
              />
              {shown.map((r) => (
                <Line
                  key={r.id}
                  data={r.history}
                  name={runLabel(r)}
                  dataKey="val"
                  stroke="#8a93a6"
                  strokeOpacity={0.45}
                  strokeDasharray="4 3"
                  dot={false}
                  isAnimationActive={false}
                  connectNulls
                  className="earlier-run"
                />
              ))}
              <Line
                data={history}
                name={`train (${yLabel})`}
                dataKey="loss"
                stroke={TRAIN_COLOR}
                dot={false}
                isAnimationActive={false}
                connectNulls
                className="current-train"
              />
              {partNames.map((name) => (
                <Line
                  key={name}
                  data={history}
                  name={`train ${name}`}
                  dataKey={(p: LossPoint) => p.parts?.[name]}
                  stroke={PART_COLORS[name] ?? '#cccccc'}
                  strokeWidth={1}
                  dot={false}
                  isAnimationActive={false}
                  connectNulls
                  className={`part-${name}`}
                />
              ))}
              <Line
                data={history}
                name="validation (MSE)"
                dataKey="val"
                stroke={VAL_COLOR}
                strokeWidth={2}
                dot={false}
                isAnimationActive={false}
                connectNulls
                className="current-val"
              />
              {pca && (
                <ReferenceLine
                  y={pca.mse}
                  stroke={PCA_COLOR}
                  strokeDasharray="6 4"
                  ifOverflow="extendDomain"
                  className="pca-line"
                  label={(p: { viewBox?: { x?: number; y?: number; width?: number } }) =>
                    pcaLabel(p, `PCA k=${pca.k}: ${pca.mse.toPrecision(3)}`)
                  }
                />
              )}
            </LineChart>
          </ResponsiveContainer>
        )}
      </div>
      {!empty && <ChartLegend items={legend} />}
    </figure>
  );
}

export const LossChart = memo(LossChartImpl);
