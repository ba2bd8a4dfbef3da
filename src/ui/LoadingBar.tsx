import { ProgressBar } from './ProgressBar';

/** The data's download; `name` is the dataset's ("MNIST", "Fashion-MNIST"). */
export function LoadingBar({
  loaded,
  total,
  name,
}: {
  loaded: number;
  total: number;
  name: string;
}) {
  const fraction = total > 0 ? loaded / total : 0;
  return (
    <div className="panel loading">
      <span>
        Loading {name}… {Math.round(fraction * 100)}%
      </span>
      <ProgressBar label={`Loading ${name}`} fraction={fraction} />
    </div>
  );
}
