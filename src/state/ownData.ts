// Where a person's own dataset comes from and goes: the import worker reads their files, the
// browser keeps the result. The store talks to this interface, so its tests need neither.
import { deleteOwnData, getOwnDataSummary, type OwnDataSummary } from '../persist/dataDb';
import { importIdxFiles } from '../train/client';

export interface OwnDataSource {
  /** The kept dataset's summary; null when there is none. Never rejects. */
  summary(): Promise<OwnDataSummary | null>;
  /** Reads, checks and keeps the four IDX files; rejects with a message for a person. */
  importIdx(files: File[]): Promise<OwnDataSummary>;
  /** Forgets the kept dataset; rejects with a message for a person. */
  remove(): Promise<void>;
}

/** The browser's: IndexedDB, and a worker per import. */
export const browserOwnData: OwnDataSource = {
  summary: () => getOwnDataSummary().catch(() => null),
  importIdx: importIdxFiles,
  remove: deleteOwnData,
};

/** What the page says once a dataset is loaded. */
export function loadedNotice(s: OwnDataSummary): string {
  const n = (v: number) => v.toLocaleString('en-US');
  return (
    `Loaded ${s.name}: ${n(s.trainCount)} training and ${n(s.testCount)} test images in ` +
    `${s.classCount} ${s.classCount === 1 ? 'class' : 'classes'}, kept in this browser.`
  );
}
