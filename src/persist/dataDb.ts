// A person's own dataset, kept in the browser (IndexedDB, through `idb`) so that it survives a
// reload: written by the import worker, read whole by the training worker, and its summary read
// by the page, which never holds the pixels. Its own database, so that it never waits on the saved
// run's. Every failure becomes a PersistError with a message for a person.
import { openDB, type IDBPDatabase } from 'idb';
import { explain, PersistError } from './runDb';

const DB_NAME = 'autoencoder-playground-data';
const DB_VERSION = 1;
const STORE = 'sets';
const SET_KEY = 'own';
const SUMMARY_KEY = 'own-summary';
/** The record's layout; a record of another version is not read. */
export const OWN_DATA_VERSION = 1;

/** What the page shows of the dataset: no pixels. */
export interface OwnDataSummary {
  /** Its name for people ("KMNIST", from the files' folder or names). */
  name: string;
  /** Where it came from: IDX files, or images (whose folders name the classes). */
  source: 'idx' | 'images';
  classCount: number;
  /** The classes' names (folder names), or absent: numbered. */
  classNames?: string[];
  trainCount: number;
  testCount: number;
  /** When it was loaded (ms since the epoch). */
  savedAt: number;
}

/** The whole record: the summary and the splits, [count, 784] uint8 pixels and a label each. */
export interface OwnDataRecord extends OwnDataSummary {
  version: number;
  trainPixels: Uint8Array;
  trainLabels: Uint8Array;
  testPixels: Uint8Array;
  testLabels: Uint8Array;
}

function dataError(err: unknown, doing: string): PersistError {
  const e = explain(err, doing);
  switch (e.kind) {
    case 'full':
      return new PersistError(
        'full',
        'The browser’s storage is full, so your data is not kept for your next visit.',
      );
    case 'unavailable':
      return new PersistError(
        'unavailable',
        'This browser does not let the page keep data (a private window?), so your data is not kept for your next visit.',
      );
    default:
      return new PersistError('failed', e.message.replace('your saved model', 'your data'));
  }
}

async function open(): Promise<IDBPDatabase> {
  if (typeof indexedDB === 'undefined')
    throw new PersistError(
      'unavailable',
      'This browser has no IndexedDB, so your data is not kept.',
    );
  try {
    return await openDB(DB_NAME, DB_VERSION, {
      upgrade(d) {
        if (!d.objectStoreNames.contains(STORE)) d.createObjectStore(STORE);
      },
    });
  } catch (err) {
    throw dataError(err, 'open');
  }
}

const isCount = (v: unknown): v is number => Number.isInteger(v) && (v as number) >= 0;

/** The summary as stored, or null when it is missing or not one this page wrote. */
function readSummary(v: unknown): OwnDataSummary | null {
  if (typeof v !== 'object' || v === null) return null;
  const r = v as Record<string, unknown>;
  if (
    typeof r.name !== 'string' ||
    (r.source !== 'idx' && r.source !== 'images') ||
    (r.classNames !== undefined &&
      !(
        Array.isArray(r.classNames) &&
        r.classNames.length === r.classCount &&
        r.classNames.every((c) => typeof c === 'string')
      )) ||
    !isCount(r.classCount) ||
    !isCount(r.trainCount) ||
    !isCount(r.testCount) ||
    typeof r.savedAt !== 'number'
  )
    return null;
  return summaryOf(r as unknown as OwnDataRecord);
}

/** The record's summary: its fields but the arrays. */
export function summaryOf(record: OwnDataRecord): OwnDataSummary {
  const { name, source, classCount, classNames, trainCount, testCount, savedAt } = record;
  return {
    name,
    source,
    classCount,
    ...(classNames ? { classNames } : {}),
    trainCount,
    testCount,
    savedAt,
  };
}

/** Replaces the kept dataset, record and summary in one transaction. */
export async function putOwnData(record: OwnDataRecord): Promise<void> {
  const db = await open();
  try {
    const tx = db.transaction(STORE, 'readwrite');
    await Promise.all([
      tx.store.put(record, SET_KEY),
      tx.store.put(summaryOf(record), SUMMARY_KEY),
      tx.done,
    ]);
  } catch (err) {
    throw dataError(err, 'keep');
  } finally {
    db.close();
  }
}

/** The kept dataset's summary; null when there is none (or none this page can read). */
export async function getOwnDataSummary(): Promise<OwnDataSummary | null> {
  const db = await open();
  try {
    return readSummary(await db.get(STORE, SUMMARY_KEY));
  } catch (err) {
    throw dataError(err, 'read');
  } finally {
    db.close();
  }
}

/**
 * The kept dataset, checked: its arrays' lengths fit its counts.
 * @throws PersistError when there is none, or it does not read
 */
export async function getOwnData(): Promise<OwnDataRecord> {
  const db = await open();
  let v: unknown;
  try {
    v = await db.get(STORE, SET_KEY);
  } catch (err) {
    throw dataError(err, 'read');
  } finally {
    db.close();
  }
  const summary = readSummary(v);
  const r = v as Partial<OwnDataRecord> | undefined;
  const fits = (a: unknown, n: number) => a instanceof Uint8Array && a.length === n;
  if (
    !summary ||
    r?.version !== OWN_DATA_VERSION ||
    !fits(r.trainPixels, summary.trainCount * 784) ||
    !fits(r.trainLabels, summary.trainCount) ||
    !fits(r.testPixels, summary.testCount * 784) ||
    !fits(r.testLabels, summary.testCount)
  )
    throw new PersistError(
      'failed',
      v === undefined
        ? 'No dataset of yours is kept in this browser: load it again (Load IDX files, or Use your images).'
        : 'The dataset kept in this browser does not read (an older version of the page?): load it again.',
    );
  return r as OwnDataRecord;
}

/** Forgets the kept dataset. */
export async function deleteOwnData(): Promise<void> {
  const db = await open();
  try {
    const tx = db.transaction(STORE, 'readwrite');
    await Promise.all([tx.store.delete(SET_KEY), tx.store.delete(SUMMARY_KEY), tx.done]);
  } catch (err) {
    throw dataError(err, 'remove');
  } finally {
    db.close();
  }
}
