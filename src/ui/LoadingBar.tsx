export function LoadingBar({ loaded, total }: { loaded: number; total: number }) {
  const pct = total > 0 ? Math.round((loaded / total) * 100) : 0;
  return (
    <div className="panel loading">
      <label id="loading-label">Loading MNIST… {pct}%</label>
      <div
        role="progressbar"
        aria-label="Loading MNIST"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={pct}
        aria-valuetext={`${pct}%`}
        className="bar"
      >
        <div className="fill" style={{ width: `${pct}%` }} />
      </div>
    </div>
  );
}
