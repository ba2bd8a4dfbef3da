import { useId } from 'react';
import type { DatasetId } from '../data/datasets';
import type { OwnDataSummary } from '../persist/dataDb';
import { CONFIG_TABLE, type Config } from '../state/config';
import type { Store } from '../state/store';

/** A file input that picks a folder (every current browser reads this attribute). */
const DIRECTORY = { webkitdirectory: '' } as Record<string, string>;

export interface OwnDataProps {
  /** The dataset the browser keeps for this person, or null. */
  summary: OwnDataSummary | null;
  /** Files are being read. */
  busy: boolean;
  /** Why the last files could not be loaded (an alert), or null. */
  error: string | null;
}

/** The name of the person's dataset in the Dataset choice. */
export function ownOptionName(summary: OwnDataSummary | null): string {
  const plain = CONFIG_TABLE.dataset.names.own;
  return summary && summary.name !== plain ? `${plain}: ${summary.name}` : plain;
}

/**
 * The data trained on: MNIST, Fashion-MNIST, or a person's own IDX files ("Load IDX files"),
 * which the browser keeps; a change loads the data and starts a new run with the same settings.
 */
export function DatasetField({
  config,
  store,
  own,
}: {
  config: Config;
  store: Store;
  own: OwnDataProps;
}) {
  const id = useId();
  const hintId = useId();
  const fileId = useId();
  const imagesId = useId();
  const folderId = useId();
  const chooseImages = (input: HTMLInputElement, folder = false) => {
    const files = Array.from(input.files ?? []);
    input.value = '';
    if (files.length === 0 && folder) store.refuseData('The folder you chose is empty.');
    if (files.length > 0)
      void store.readImages(
        files.map((file) => ({ file, path: file.webkitRelativePath || file.name })),
      );
  };
  const spec = CONFIG_TABLE.dataset;
  // "Your data" is offered once there is some (or the URL asks for it, which then explains itself).
  const values = spec.values.filter(
    (v) => v !== 'own' || own.summary !== null || config.dataset === 'own',
  );
  return (
    <>
      <div className="field">
        <label htmlFor={id}>Dataset</label>
        <select
          id={id}
          aria-describedby={hintId}
          value={config.dataset}
          onChange={(e) => store.setDataset(e.currentTarget.value as DatasetId)}
        >
          {values.map((v) => (
            <option key={v} value={v}>
              {v === 'own' ? ownOptionName(own.summary) : spec.names[v]}
            </option>
          ))}
        </select>
        <small id={hintId} className="hint">
          Changing it loads those images and starts a new run with the same settings.
        </small>
      </div>
      <div className="model-files" role="group" aria-label="Your data">
        <input
          id={fileId}
          className="visually-hidden-file"
          type="file"
          multiple
          accept=".gz,.idx,.idx1-ubyte,.idx3-ubyte,application/gzip,application/octet-stream"
          disabled={own.busy}
          onChange={(e) => {
            const files = Array.from(e.currentTarget.files ?? []);
            e.currentTarget.value = '';
            if (files.length > 0) void store.loadIdxFiles(files);
          }}
        />
        <label className="file-button" htmlFor={fileId} aria-disabled={own.busy || undefined}>
          {own.busy ? 'Reading IDX files…' : 'Load IDX files'}
        </label>
        <input
          id={imagesId}
          className="visually-hidden-file"
          type="file"
          multiple
          accept="image/png,image/jpeg,image/webp,.zip,application/zip"
          disabled={own.busy}
          onChange={(e) => chooseImages(e.currentTarget)}
        />
        <label className="file-button" htmlFor={imagesId}>
          Use your images
        </label>
        <input
          id={folderId}
          className="visually-hidden-file"
          type="file"
          disabled={own.busy}
          {...DIRECTORY}
          onChange={(e) => chooseImages(e.currentTarget, true)}
        />
        <label className="file-button" htmlFor={folderId}>
          Use an image folder
        </label>
        {own.summary && (
          <button type="button" disabled={own.busy} onClick={() => void store.removeOwnData()}>
            Remove your data
          </button>
        )}
        <p className="hint">
          The four IDX files of any MNIST-format dataset (KMNIST, EMNIST, …), gzipped or not:
          training and test images (28×28) and their labels. Or your own pictures (PNG, JPEG, WebP;
          files, a folder or a zip), one folder per class. They stay in this browser.
        </p>
        {own.error && (
          <div role="alert" className="alert">
            <strong>Those files could not be loaded.</strong> {own.error} The data you had is still
            here.
            <button type="button" onClick={store.dismissDataImportError}>
              OK
            </button>
          </div>
        )}
      </div>
    </>
  );
}
