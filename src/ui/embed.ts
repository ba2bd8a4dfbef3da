// The Embed button's snippet: an <iframe> of this page with its config, for a course page or a
// slide. Pure, so a test can read it.
import type { Config } from '../state/config';
import { pageSearch } from '../state/lessons';

/** The page's address with its config: its own origin and path, and the query of `config`. */
export function embedUrl(
  origin: string,
  path: string,
  config: Config,
  lesson: string | null,
): string {
  return `${origin}${path}${pageSearch(config, lesson)}`;
}

const escapeAttribute = (s: string) =>
  s.replaceAll('&', '&amp;').replaceAll('"', '&quot;').replaceAll('<', '&lt;');

/** The HTML that embeds the page at `url`. */
export function embedSnippet(url: string): string {
  return (
    `<iframe src="${escapeAttribute(url)}" title="Autoencoder playground" ` +
    `width="100%" height="900" style="border: 0" loading="lazy"></iframe>`
  );
}
