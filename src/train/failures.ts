// Telling a model too large for the device from other failures. tfjs has no error type for it:
// each backend fails in its own words when an allocation does not succeed.
import type { ModelConfig } from '../model/config';

/**
 * The shapes of an allocation failure: WebGL (a texture or framebuffer that cannot be made, a
 * shader that no longer compiles once the context is gone, a texture over the GPU's limit), wasm
 * (its heap cannot grow: "Out of memory", "Aborted(OOM)", "Cannot enlarge memory") and the cpu
 * backend (an ArrayBuffer or typed array that cannot be allocated).
 */
const OUT_OF_MEMORY =
  /out of memory|\boom\b|allocation failed|cannot enlarge memory|failed to compile (fragment|vertex) shader|unable to create (webgl)?\s*(texture|framebuffer|buffer)|texture size .* greater than|invalid typed array length|array buffer allocation|maximum memory size|memory\.grow/i;

/** Whether `err` is a failure to allocate memory, or `deviceLost` (a context lost under load). */
export function isOutOfMemory(err: unknown, deviceLost = false): boolean {
  if (deviceLost) return true;
  if (err instanceof RangeError) return true;
  const message = err instanceof Error ? err.message : String(err);
  return OUT_OF_MEMORY.test(message);
}

const fmtInt = (n: number) => new Intl.NumberFormat('en-US').format(n);

/** What the page shows when a model does not fit: what failed, and what to do about it. */
export function tooLargeMessage(
  config: ModelConfig,
  params: number | null,
  backend: string,
  during: 'building' | 'training',
): string {
  const size =
    params === null ? `${config.kind}, ${config.hidden} hidden units` : `${fmtInt(params)} weights`;
  return (
    `This model is too large for this device: ${during} it (${size}) ran out of memory on ` +
    `${backend}. Choose fewer hidden units, a smaller depth or a smaller batch.`
  );
}
