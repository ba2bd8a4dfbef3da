import { memo } from 'react';
import {
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { LossPoint } from '../state/history';
import type { RunRecord } from '../state/store';
import { fmtInt } from './format';

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
};

const fmtY = (v: number) => (v >= 0.001 ? String(Number(v.toPrecision(2))) : v.toExponential(1));

export const runLabel = (r: RunRecord) => `run ${r.id}: ${r.model.kind} k=${r.model.latent}`;

function LossChartImpl({ history, yLabel = 'MSE', pca, runs = [] }: Props) {
  const shown = runs.filter((r) => r.visible && r.history.length > 0);
  const partNames = Object.keys(history.find((p) => p.parts)?.parts ?? {});
  const empty = history.length === 0 && shown.length === 0;
  return (
    <figure className="panel chart" aria-label="Loss chart">
      <figcaption>Loss ({yLabel}, log scale) against examples seen</figcaption>
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
                tickFormatter={fmtTick}
                stroke="#8a93a6"
                allowDuplicatedCategory={false}
              />
              <YAxis
                scale="log"
                domain={['auto', 'auto']}
                tickFormatter={fmtY}
                stroke="#8a93a6"
                width={56}
              />
              <Tooltip
                formatter={(v) => (typeof v === 'number' ? v.toPrecision(4) : String(v))}
                labelFormatter={(v) => `${fmtInt(Number(v))} examples`}
                contentStyle={{ background: '#151922', border: '1px solid #2a2f3a' }}
              />
              <Legend />
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
                stroke="#5aa9ff"
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
                stroke="#ffb454"
                strokeWidth={2}
                dot={false}
                isAnimationActive={false}
                connectNulls
                className="current-val"
              />
              {pca && (
                <ReferenceLine
                  y={pca.mse}
                  stroke="#c678dd"
                  strokeDasharray="6 4"
                  ifOverflow="extendDomain"
                  className="pca-line"
                  label={{
                    value: `PCA k=${pca.k}: ${pca.mse.toPrecision(3)}`,
                    fill: '#c678dd',
                    position: 'insideTopRight',
                    fontSize: 12,
                  }}
                />
              )}
            </LineChart>
          </ResponsiveContainer>
        )}
      </div>
    </figure>
  );
}

export const LossChart = memo(LossChartImpl);
