import { describe, expect, it } from 'vitest';
import { MemoryProbes, type MemoryProbe } from './memoryProbe';

const settled = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('MemoryProbes', () => {
  it('answers each probe with the reading of its own id', async () => {
    const probes = new MemoryProbes();
    const first = probes.wait(1);
    const second = probes.wait(2);
    probes.answer({ id: 2, numTensors: 20, numBytes: 200 });
    probes.answer({ id: 1, numTensors: 10, numBytes: 100, numBytesInGPU: 50 });
    expect(await first).toMatchObject({ numTensors: 10, numBytes: 100, numBytesInGPU: 50 });
    expect(await second).toMatchObject({ numTensors: 20, numBytes: 200 });
  });

  it('leaves a probe waiting through readings of other ids', async () => {
    const probes = new MemoryProbes();
    let got: MemoryProbe | null = null;
    void probes.wait(1).then((m) => (got = m));
    probes.answer({ id: 7, numTensors: 1, numBytes: 1 });
    await settled();
    expect(got).toBeNull();
    probes.answer({ id: 1, numTensors: 3, numBytes: 3 });
    await settled();
    expect(got).toMatchObject({ numTensors: 3 });
  });
});
