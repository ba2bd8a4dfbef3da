import { describe, expect, it } from 'vitest';
import { pcaAt } from './pcaAt';

describe('pcaAt', () => {
  it('reads k−1, and the value at 784 for larger codes once the table reaches it', () => {
    const short = Float64Array.from({ length: 64 }, (_, i) => 1 / (i + 1));
    expect(pcaAt(short, 1)).toBe(1);
    expect(pcaAt(short, 64)).toBe(1 / 64);
    expect(pcaAt(short, 100)).toBeUndefined();
    expect(pcaAt(short, 1024)).toBeUndefined();
    const full = Float64Array.from({ length: 784 }, (_, i) => (i === 783 ? 0 : 1 / (i + 1)));
    expect(pcaAt(full, 100)).toBe(1 / 100);
    expect(pcaAt(full, 1024)).toBe(0);
    expect(pcaAt(null, 8)).toBeUndefined();
    expect(pcaAt(full, 0)).toBeUndefined();
  });
});
