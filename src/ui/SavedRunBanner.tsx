interface Props {
  /** "Restored your model from 3 minutes ago: step 4,210." after a restore, else null. */
  restored: string | null;
  onStartOver: () => void;
  /** "Resume the saved model: dense, latent 16, step 4,210" when the URL asked for another run. */
  offer: string | null;
  onResume: () => void;
  onDismiss: () => void;
}

/** What the page kept of an earlier visit, and the way to set it aside or take it up. */
export function SavedRunBanner({ restored, onStartOver, offer, onResume, onDismiss }: Props) {
  if (!restored && !offer) return null;
  return (
    <div className="saved-run" role="region" aria-label="Saved model">
      {restored && (
        <p>
          <span>{restored}</span>
          <button type="button" onClick={onStartOver}>
            Start over
          </button>
          <button type="button" aria-label="Dismiss" onClick={onDismiss}>
            ×
          </button>
        </p>
      )}
      {offer && (
        <p>
          <button type="button" onClick={onResume}>
            {offer}
          </button>
          <button type="button" aria-label="Dismiss" onClick={onDismiss}>
            ×
          </button>
        </p>
      )}
    </div>
  );
}
