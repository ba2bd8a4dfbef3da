import { memo } from 'react';
import {
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { LossPoint } from '../state/history';
import { fmtInt } from './format';

interface Props {
  history: LossPoint[];
  yLabel?: string;
}

const fmtTick = (v: number) =>
  v >= 1e6 ? `${Number((v / 1e6).toPrecision(3))}M` : v >= 1000 ? `${Number((v / 1000).toPrecision(3))}k` : String(v);
const fmtY = (v: number) => (v >= 0.001 ? String(Number(v.toPrecision(2))) : v.toExponential(1));

function LossChartImpl({ history, yLabel = 'MSE' }: Props) {
  return (
    <figure className="panel chart" aria-label="Loss chart">
      <figcaption>Loss ({yLabel}, log scale) against examples seen</figcaption>
      <div className="chart-box">
        {history.length === 0 ? (
          <p className="empty">The curve appears as soon as training starts.</p>
        ) : (
          <ResponsiveContainer width="100%" height="100%">
            <LineChart data={history} margin={{ top: 8, right: 16, bottom: 4, left: 4 }}>
              <CartesianGrid strokeDasharray="3 3" stroke="#2a2f3a" />
              <XAxis
                dataKey="examples"
                type="number"
                domain={[0, 'dataMax']}
                tickFormatter={fmtTick}
                stroke="#8a93a6"
              />
              <YAxis
                scale="log"
                domain={['auto', 'auto']}
                allowDataOverflow
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
              <Line
                name="train"
                dataKey="loss"
                stroke="#5aa9ff"
                dot={false}
                isAnimationActive={false}
                connectNulls
              />
              <Line
                name="validation"
                dataKey="val"
                stroke="#ffb454"
                strokeWidth={2}
                dot={{ r: 2 }}
                isAnimationActive={false}
                connectNulls
              />
            </LineChart>
          </ResponsiveContainer>
        )}
      </div>
    </figure>
  );
}

export const LossChart = memo(LossChartImpl);
