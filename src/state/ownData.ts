// Where a person's own dataset comes from and goes: the import worker reads their files, the
// browser keeps the result. The store talks to this interface, so its tests need neither.
import { deleteOwnData, getOwnDataSummary, type OwnDataSummary } from '../persist/dataDb';
import { DataImport } from '../train/client';
import type { ImageFile, ImageOptions, ImagePreview } from '../train/protocol';

export interface OwnDataSource {
  /** The kept dataset's summary; null when there is none. Never rejects. */
  summary(): Promise<OwnDataSummary | null>;
  /** Reads, checks and keeps the four IDX files; rejects with a message for a person. */
  importIdx(files: File[]): Promise<OwnDataSummary>;
  /**
   * Reads a person's images into a set to look at before training (a newer call replaces an
   * older one); rejects with a message for a person.
   */
  readImages(
    files: ImageFile[],
    options: ImageOptions,
    seed: number,
    onProgress: (done: number, total: number) => void,
  ): Promise<ImagePreview>;
  /** Keeps the set the last readImages prepared; rejects with a message for a person. */
  keepImages(): Promise<OwnDataSummary>;
  /** Lets the prepared set go. */
  dropImages(): void;
  /** Forgets the kept dataset; rejects with a message for a person. */
  remove(): Promise<void>;
}

/** The browser's: IndexedDB, and a worker per import. */
export function browserOwnData(): OwnDataSource {
  let images: DataImport | null = null;
  return {
    summary: () => getOwnDataSummary().catch(() => null),
    importIdx: (files) => new DataImport().importIdx(files),
    readImages: (files, options, seed, onProgress) => {
      images ??= new DataImport();
      return images.readImages(files, options, seed, onProgress);
    },
    keepImages: () => {
      const kept = (images ?? new DataImport()).keep();
      images = null;
      return kept;
    },
    dropImages: () => {
      images?.end();
      images = null;
    },
    remove: deleteOwnData,
  };
}

/** What the page says once a dataset is loaded. */
export function loadedNotice(s: OwnDataSummary): string {
  const n = (v: number) => v.toLocaleString('en-US');
  return (
    `Loaded ${s.name}: ${n(s.trainCount)} training and ${n(s.testCount)} test images in ` +
    `${s.classCount} ${s.classCount === 1 ? 'class' : 'classes'}, kept in this browser.`
  );
}
