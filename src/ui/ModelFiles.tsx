import { useId, useRef } from 'react';

interface Props {
  /** A model exists to download. */
  canDownload: boolean;
  /** Saving or loading is under way. */
  busy: boolean;
  onDownload: () => void;
  onLoad: (files: File[]) => void;
  /** Why the last file could not be loaded (shown as an alert), or null. */
  error: string | null;
  onDismissError: () => void;
}

/**
 * Download the model as a standard TensorFlow.js Layers model (model.json + weights), or load
 * one back, with its run. A file that is not one gets an alert; the model that runs stays.
 */
export function ModelFiles({
  canDownload,
  busy,
  onDownload,
  onLoad,
  error,
  onDismissError,
}: Props) {
  const inputId = useId();
  const input = useRef<HTMLInputElement>(null);
  return (
    <div className="model-files" role="group" aria-label="Model files">
      <button type="button" disabled={!canDownload || busy} onClick={onDownload}>
        Download model
      </button>
      <input
        ref={input}
        id={inputId}
        className="visually-hidden-file"
        type="file"
        multiple
        accept=".json,.bin,application/json,application/octet-stream"
        disabled={busy}
        onChange={(e) => {
          const files = Array.from(e.currentTarget.files ?? []);
          // Cleared, so choosing the same files again still reports a change.
          e.currentTarget.value = '';
          if (files.length > 0) onLoad(files);
        }}
      />
      <label className="file-button" htmlFor={inputId}>
        Load model
      </label>
      <p className="hint">Choose model.json and its weights file together.</p>
      {error && (
        <div role="alert" className="alert">
          <strong>That model could not be loaded.</strong> {error} The model you had is still here.
          <button type="button" onClick={onDismissError}>
            OK
          </button>
        </div>
      )}
    </div>
  );
}
