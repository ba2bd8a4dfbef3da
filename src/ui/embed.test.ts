import { describe, expect, it } from 'vitest';
import { defaultConfig, parseConfig } from '../state/config';
import { embedSnippet, embedUrl } from './embed';

describe('the embed snippet', () => {
  it('is an iframe of the page’s own origin and path with the config', () => {
    const config = parseConfig('?latent=2&lr=0.01&hide=lr,batch,runs').config;
    const url = embedUrl('https://example.org', '/playground/', config, null);
    expect(url).toBe('https://example.org/playground/?latent=2&lr=0.01&hide=lr,batch,runs');
    expect(embedSnippet(url)).toBe(
      '<iframe src="https://example.org/playground/?latent=2&amp;lr=0.01&amp;hide=lr,batch,runs" ' +
        'title="Autoencoder playground" width="100%" height="900" style="border: 0" ' +
        'loading="lazy"></iframe>',
    );
  });

  it('names the lesson open, with its keys', () => {
    const config = { ...defaultConfig(), model: 'vae' as const };
    expect(embedUrl('http://localhost:5173', '/', config, 'vae')).toBe(
      'http://localhost:5173/?model=vae&lesson=vae',
    );
  });

  it('is the bare page for the default config', () => {
    expect(embedSnippet(embedUrl('https://a.b', '/', defaultConfig(), null))).toMatch(
      /^<iframe src="https:\/\/a\.b\/" /,
    );
  });

  it('escapes what would end the attribute', () => {
    expect(embedSnippet('https://a.b/?q="x"&y<z')).toContain(
      'src="https://a.b/?q=&quot;x&quot;&amp;y&lt;z"',
    );
  });
});
