import { describe, expect, it } from 'vitest';
import { fallbackNotice } from './backendNotice';

describe('fallbackNotice', () => {
  it('says a software WebGL is slower than the processor, and that WebAssembly trains', () => {
    const text = fallbackNotice('auto', 'wasm', [
      'webgl runs on a software renderer (SwiftShader)',
    ]);
    expect(text).toMatch(/^This device offers WebGL only as a software imitation/);
    expect(text).toContain('The model trains on the processor (WebAssembly) instead');
    expect(text).not.toContain('You asked for');
    expect(text).toContain('(Details: webgl runs on a software renderer (SwiftShader).)');
  });

  it('names Safari on iPhone and iPad where WebGL cannot start in the worker', () => {
    const text = fallbackNotice('auto', 'wasm', ['webgl could not start']);
    expect(text).toContain('Safari on iPhone and iPad');
    expect(text).toContain('processor (WebAssembly)');
  });

  it('says plain JavaScript is the slowest way when WebAssembly fails too', () => {
    const text = fallbackNotice('webgl', 'cpu', ['webgl could not start', 'wasm failed: no SIMD']);
    expect(text).toContain('WebAssembly could not start either.');
    expect(text).toContain('plain JavaScript, the slowest way');
    expect(text).toContain('You asked for webgl.');
    expect(text).toContain('(Details: webgl could not start; wasm failed: no SIMD.)');
  });

  it('an explicit WebAssembly that fails names only that', () => {
    const text = fallbackNotice('wasm', 'cpu', ['wasm could not start']);
    expect(text).not.toContain('graphics');
    expect(text).toMatch(
      /^WebAssembly could not start\. The model trains on the processor in plain/,
    );
  });
});
