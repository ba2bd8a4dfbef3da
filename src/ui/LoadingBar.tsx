import { ProgressBar } from './ProgressBar';

export function LoadingBar({ loaded, total }: { loaded: number; total: number }) {
  const fraction = total > 0 ? loaded / total : 0;
  return (
    <div className="panel loading">
      <span>Loading MNIST… {Math.round(fraction * 100)}%</span>
      <ProgressBar label="Loading MNIST" fraction={fraction} />
    </div>
  );
}
