// A person's dataset for the store's tests: kept in memory, each import answered by the test.
import type { OwnDataSummary } from '../../persist/dataDb';
import type { ImageFile, ImageOptions, ImagePreview } from '../../train/protocol';
import type { OwnDataSource } from '../ownData';

export const SUMMARY: OwnDataSummary = {
  name: 'kmnist',
  source: 'idx',
  classCount: 10,
  trainCount: 60_000,
  testCount: 10_000,
  savedAt: 1_000,
};

export function fakeOwnData(kept: OwnDataSummary | null = null) {
  const imports: { files: File[]; resolve(s: OwnDataSummary): void; reject(e: Error): void }[] = [];
  const reads: {
    files: ImageFile[];
    options: ImageOptions;
    seed: number;
    progress(done: number, total: number): void;
    resolve(p: ImagePreview): void;
    reject(e: Error): void;
  }[] = [];
  const keeps: { resolve(s: OwnDataSummary): void; reject(e: Error): void }[] = [];
  let removed = 0;
  let dropped = 0;
  const source: OwnDataSource = {
    summary: () => Promise.resolve(kept),
    importIdx: (files) =>
      new Promise((resolve, reject) => imports.push({ files, resolve, reject })),
    readImages: (files, options, seed, progress) =>
      new Promise((resolve, reject) =>
        reads.push({ files, options, seed, progress, resolve, reject }),
      ),
    keepImages: () => new Promise((resolve, reject) => keeps.push({ resolve, reject })),
    dropImages: () => {
      dropped += 1;
    },
    remove: () => {
      removed += 1;
      kept = null;
      return Promise.resolve();
    },
  };
  return { source, imports, reads, keeps, removed: () => removed, dropped: () => dropped };
}
