// The production build's Content-Security-Policy: scripts, workers, styles and connections from
// the page's own origin only, no eval (only 'wasm-unsafe-eval', which compiling the wasm backend
// needs), no inline script. It reaches the page as a <meta> tag in the built index.html, for
// any static host, and every response of `vite preview` (workers included, which a <meta> tag
// does not cover) as a header.

export const CSP = [
  "default-src 'self'",
  // tfjs-backend-wasm starts its threads as workers made from a script it builds in memory, which
  // they import again: blob: URLs, which only the page's own code can mint.
  "script-src 'self' 'wasm-unsafe-eval' blob:",
  "worker-src 'self' blob:",
  "connect-src 'self'",
  "img-src 'self' data: blob:",
  "style-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
].join('; ');

/** The <meta> tag for index.html. */
export const CSP_META = `<meta http-equiv="Content-Security-Policy" content="${CSP}" />`;
