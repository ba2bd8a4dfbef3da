import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { hideNames } from './config';
import { URL_TABLE_HEADER, urlTableMarkdown, urlTableRows } from './configDoc';
import { LESSONS } from './lessons';

/** The cells of every Markdown table row in a text, trimmed (Prettier pads them). */
function tableRows(markdown: string): string[][] {
  return markdown
    .split('\n')
    .filter((l) => l.trim().startsWith('|'))
    .map((l) =>
      l
        .trim()
        .slice(1, -1)
        .split(' | ')
        .map((c) => c.trim()),
    );
}

describe('the README URL table', () => {
  it('is the one CONFIG_TABLE writes', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const start = readme.indexOf(`| ${URL_TABLE_HEADER[0]}`);
    expect(start, 'README has a URL table').toBeGreaterThanOrEqual(0);
    const end = readme.indexOf('\n\n', start);
    const inReadme = tableRows(readme.slice(start, end)).filter((r) => !/^-+$/.test(r[0]!));
    const expected = [URL_TABLE_HEADER, ...urlTableRows()];
    // On failure, paste this into the README: the table CONFIG_TABLE describes.
    expect(inReadme, `\n${urlTableMarkdown()}\n`).toEqual(expected);
  });

  it('states ranges, options and defaults from the table', () => {
    const rows = new Map(urlTableRows().map((r) => [r[0], r]));
    expect(rows.get('`latent`')).toEqual(['`latent`', 'latent size, 1–1024', '`16`', 'new run']);
    expect(rows.get('`lr`')?.[3]).toBe('live');
    expect(rows.get('`backend`')?.[1]).toMatch(/^`auto`, `webgl`, `wasm`, `cpu`: /);
    expect(rows.get('`autostart`')?.[2]).toBe('`1`');
  });

  it('lists every name hide takes', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const start = readme.indexOf('`hide` takes');
    expect(start, 'README says what hide takes').toBeGreaterThanOrEqual(0);
    const paragraph = readme.slice(start, readme.indexOf('\n\n', start));
    for (const name of hideNames()) expect(paragraph).toContain(`\`${name}\``);
  });

  it('lists every lesson with its settings', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const rows = tableRows(readme.slice(readme.indexOf('| lesson')));
    for (const lesson of LESSONS)
      expect(rows).toContainEqual([`\`${lesson.id}\``, lesson.title, `\`${lesson.query}\``]);
  });
});
