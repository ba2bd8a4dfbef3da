import { memo } from 'react';

/** The code as small bars around zero, scaled to the largest magnitude shown. */
function LatentBarsImpl({ code }: { code: Float32Array | null }) {
  const values = code ? Array.from(code) : [];
  const max = Math.max(1e-6, ...values.map(Math.abs));
  return (
    <div className="latent" role="group" aria-label="Latent code" data-size={values.length}>
      {values.length === 0 ? (
        <span className="hint">Draw a digit to see its code.</span>
      ) : (
        values.map((v, i) => {
          const h = (Math.abs(v) / max) * 50;
          return (
            <span
              key={i}
              className={v >= 0 ? 'bar pos' : 'bar neg'}
              title={`z${i + 1} = ${v.toFixed(3)}`}
              style={{ height: `${h}%`, top: v >= 0 ? `${50 - h}%` : '50%' }}
            />
          );
        })
      )}
    </div>
  );
}

export const LatentBars = memo(LatentBarsImpl);
