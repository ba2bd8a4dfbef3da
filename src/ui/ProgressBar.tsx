/** A labelled percentage bar (role=progressbar), `fraction` in [0, 1]. */
export function ProgressBar({
  label,
  fraction,
  small,
}: {
  label: string;
  fraction: number;
  small?: boolean;
}) {
  const pct = Math.round(Math.min(1, Math.max(0, fraction)) * 100);
  return (
    <div
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={pct}
      aria-valuetext={`${pct}%`}
      className={small ? 'bar small' : 'bar'}
    >
      <div className="fill" style={{ width: `${pct}%` }} />
    </div>
  );
}
