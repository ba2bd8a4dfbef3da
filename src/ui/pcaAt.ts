// PCA's test error at a code size, from the baseline's table (k = 1…64, then up to 784). Past
// 784, the input's size, PCA keeps every direction of the data: its error is the one at 784.
import { INPUT_SIZE } from '../model/config';

export function pcaAt(pcaMse: Float64Array | null, k: number): number | undefined {
  if (!pcaMse || k < 1) return undefined;
  if (k > INPUT_SIZE && pcaMse.length >= INPUT_SIZE) return pcaMse[INPUT_SIZE - 1];
  return pcaMse[k - 1];
}
