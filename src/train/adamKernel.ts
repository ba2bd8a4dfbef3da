// One Adam update as a WebAssembly SIMD loop: four weights per instruction, one pass over memory.
// The module is a few hundred bytes, assembled here from its instructions (no toolchain needed).
//
// adam(p, g, m, v, n, b1, 1−b1, b2, 1−b2, lr·c1, c2, eps), pointers in bytes, n a multiple of 4:
//   m ← b1·m + (1−b1)·g;  v ← b2·v + (1−b2)·g²;  p ← p − lr·c1·m / (√(c2·v) + eps)
// with c1 = 1/(1−b1ᵗ), c2 = 1/(1−b2ᵗ): tfjs's Adam, bias corrections folded into constants.

/** Unsigned LEB128, as wasm encodes sizes, counts and indices. */
function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
}

const section = (id: number, body: number[]): number[] => [id, ...uleb(body.length), ...body];
const vec = (items: number[][]): number[] => [...uleb(items.length), ...items.flat()];
const name = (s: string): number[] => vec([...s].map((c) => [c.charCodeAt(0)]));

const I32 = 0x7f;
const F32 = 0x7d;
const V128 = 0x7b;

const get = (i: number) => [0x20, i];
const set = (i: number) => [0x21, i];
const i32Const = (n: number) => [0x41, n]; // small non-negative n only (one LEB byte: n < 64)
const I32_ADD = [0x6a];
const I32_SHL = [0x74];
const I32_GE_U = [0x4f];
const simd = (op: number) => [0xfd, ...uleb(op)];
const LOAD = [...simd(0x00), 4, 0]; // v128.load, align 2^4, offset 0
const STORE = [...simd(0x0b), 4, 0]; // v128.store
const SPLAT = simd(0x13); // f32x4.splat
const SQRT = simd(0xe3);
const ADD = simd(0xe4);
const SUB = simd(0xe5);
const MUL = simd(0xe6);
const DIV = simd(0xe7);

// Parameters 0–11, then locals: i (byte offset), end, the seven splatted constants, G, M, V.
const [P, G, M, V, N] = [0, 1, 2, 3, 4];
const FIRST_SCALAR = 5; // b1, 1−b1, b2, 1−b2, lr·c1, c2, eps
const [I, END] = [12, 13];
const [kB1, kOMB1, kB2, kOMB2, kLR, kC2, kEPS] = [14, 15, 16, 17, 18, 19, 20];
const [g, mNew, vNew] = [21, 22, 23];
const PARAMS = [I32, I32, I32, I32, I32, F32, F32, F32, F32, F32, F32, F32];
const at = (ptr: number) => [...get(ptr), ...get(I), ...I32_ADD];

// prettier-ignore
const body: number[] = [
  ...vec([
    [2, I32],
    [10, V128],
  ]),
  // Splat each scalar into a vector once.
  ...Array.from({ length: 7 }, (_, k) => [...get(FIRST_SCALAR + k), ...SPLAT, ...set(kB1 + k)]).flat(),
  ...get(N),
  ...i32Const(2),
  ...I32_SHL,
  ...set(END),
  0x02, 0x40, // block
  0x03, 0x40, // loop
  ...get(I), ...get(END), ...I32_GE_U, 0x0d, 1, // br_if out of the block when i ≥ end
  ...at(G), ...LOAD, ...set(g),
  // m ← b1·m + (1−b1)·g
  ...get(kB1), ...at(M), ...LOAD, ...MUL, ...get(kOMB1), ...get(g), ...MUL, ...ADD, ...set(mNew),
  // v ← b2·v + (1−b2)·g·g
  ...get(kB2), ...at(V), ...LOAD, ...MUL,
  ...get(kOMB2), ...get(g), ...get(g), ...MUL, ...MUL, ...ADD, ...set(vNew),
  ...at(M), ...get(mNew), ...STORE,
  ...at(V), ...get(vNew), ...STORE,
  // p ← p − lr·c1·m / (√(c2·v) + eps)
  ...at(P),
  ...at(P), ...LOAD,
  ...get(kLR), ...get(mNew), ...MUL,
  ...get(kC2), ...get(vNew), ...MUL, ...SQRT, ...get(kEPS), ...ADD,
  ...DIV, ...SUB, ...STORE,
  ...get(I), ...i32Const(16), ...I32_ADD, ...set(I),
  0x0c, 0, // br to the loop's start
  0x0b, // end loop
  0x0b, // end block
  0x0b, // end function
];

/** The module's bytes (exported for the unit test, which checks them against a reference run). */
// prettier-ignore
export const ADAM_WASM = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // "\0asm", version 1
  ...section(1, vec([[0x60, PARAMS.length, ...PARAMS, 0]])), // one type: 12 params, no result
  ...section(3, vec([[0]])), // one function, of type 0
  ...section(5, vec([[0x00, 1]])), // one memory, at least one page, growable
  ...section(7, vec([[...name('adam'), 0x00, 0], [...name('memory'), 0x02, 0]])),
  ...section(10, vec([[...uleb(body.length), ...body]])),
]);

export interface AdamKernel {
  /** Grows the memory to at least `bytes`. */
  reserve(bytes: number): void;
  /** A view of the kernel's memory (fresh: growth detaches old views). */
  floats(byteOffset: number, length: number): Float32Array;
  /** One update of n (a multiple of 4) weights; see the file comment for the arguments. */
  run(
    p: number,
    g: number,
    m: number,
    v: number,
    n: number,
    b1: number,
    b2: number,
    lrC1: number,
    c2: number,
    eps: number,
  ): void;
}

/** The kernel, or null where WebAssembly SIMD is missing (tfjs's Adam is used there). */
export function createAdamKernel(): AdamKernel | null {
  if (typeof WebAssembly === 'undefined' || !WebAssembly.validate(ADAM_WASM)) return null;
  const instance = new WebAssembly.Instance(new WebAssembly.Module(ADAM_WASM));
  const memory = instance.exports.memory as WebAssembly.Memory;
  const adam = instance.exports.adam as (...args: number[]) => void;
  return {
    reserve(bytes) {
      const pages = Math.ceil(bytes / 65536) - memory.buffer.byteLength / 65536;
      if (pages > 0) memory.grow(pages);
    },
    floats: (byteOffset, length) => new Float32Array(memory.buffer, byteOffset, length),
    run: (p, g, m, v, n, b1, b2, lrC1, c2, eps) =>
      adam(p, g, m, v, n, b1, 1 - b1, b2, 1 - b2, lrC1, c2, eps),
  };
}
