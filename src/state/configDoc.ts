// The README's table of URL parameters, written from CONFIG_TABLE so the two cannot drift apart
// (configDoc.test.ts compares them).
import { CONFIG_KEYS, CONFIG_TABLE } from './config';

const code = (v: string | number) => `\`${v}\``;

function values(key: (typeof CONFIG_KEYS)[number]): string {
  const spec = CONFIG_TABLE[key];
  switch (spec.kind) {
    case 'enum':
      return `${spec.values.map(code).join(', ')}: ${spec.doc}`;
    case 'bool':
    case 'list':
      return spec.doc;
    case 'int':
    case 'float':
      return key === 'seed' ? spec.doc : `${spec.doc}, ${spec.min}–${spec.max}`;
  }
}

function defaultText(key: (typeof CONFIG_KEYS)[number]): string {
  const v = CONFIG_TABLE[key].default;
  // A list's default is the empty list.
  if (typeof v === 'object') return 'none';
  return code(typeof v === 'boolean' ? (v ? '1' : '0') : v);
}

const WHEN = {
  rebuild: 'new run',
  live: 'live',
  data: 'new data, new run',
  page: 'page load',
} as const;

/** The rows of the URL table: parameter, values, default, when a change applies. */
export function urlTableRows(): string[][] {
  return CONFIG_KEYS.map((key) => [
    code(key),
    values(key),
    defaultText(key),
    WHEN[CONFIG_TABLE[key].applies],
  ]);
}

export const URL_TABLE_HEADER = ['parameter', 'values', 'default', 'applies'];

/** The table as Markdown (Prettier may pad its columns; compare cells, not spacing). */
export function urlTableMarkdown(): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [
    line(URL_TABLE_HEADER),
    line(URL_TABLE_HEADER.map(() => '---')),
    ...urlTableRows().map(line),
  ].join('\n');
}
