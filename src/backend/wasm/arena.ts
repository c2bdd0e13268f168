/**
 * The kernels' memory, handed out by a bump allocator. Each kernel call starts from `reset()`,
 * copies its inputs in, runs, and copies its results out into ordinary typed arrays (tensors
 * own their data; results never alias wasm memory). A permanent region below the call region
 * holds what is reused between calls (the GEMM packing buffers). The memory grows on demand
 * and is never shrunk: the largest call's footprint stays reserved for the next one.
 */
const ALIGN = 64;
const PAGE = 65536;

const align = (n: number): number => Math.ceil(n / ALIGN) * ALIGN;

export class Arena {
  private f32view: Float32Array;
  private i32view: Int32Array;
  private callStart: number;
  private top: number;

  constructor(readonly memory: WebAssembly.Memory, heapBase: number) {
    this.callStart = align(heapBase);
    this.top = this.callStart;
    this.f32view = new Float32Array(memory.buffer);
    this.i32view = new Int32Array(memory.buffer);
  }

  /** Float32 view of the whole memory (renewed when the memory grows). */
  get f32(): Float32Array {
    return this.f32view;
  }

  get i32(): Int32Array {
    return this.i32view;
  }

  /** `bytes` that stay allocated for the arena's life; only before any call. */
  permanent(bytes: number): number {
    const at = this.alloc(bytes);
    this.callStart = this.top;
    return at;
  }

  /** Frees everything the previous call allocated. */
  reset(): void {
    this.top = this.callStart;
  }

  /** `bytes` of memory, 64-byte aligned (whole cache lines; v128 loads need 16). */
  alloc(bytes: number): number {
    const at = this.top;
    this.top = align(at + bytes);
    if (this.top > this.memory.buffer.byteLength) {
      const pages = Math.ceil((this.top - this.memory.buffer.byteLength) / PAGE);
      this.memory.grow(pages);
      this.f32view = new Float32Array(this.memory.buffer);
      this.i32view = new Int32Array(this.memory.buffer);
    }
    return at;
  }

  /** Copies `x` in and returns its address. */
  put(x: Float32Array | Int32Array): number {
    const at = this.alloc(x.length * 4);
    if (x instanceof Float32Array) this.f32view.set(x, at / 4);
    else this.i32view.set(x, at / 4);
    return at;
  }

  /** An int32 list (shapes, strides, specs) copied in. */
  ints(values: readonly number[]): number {
    return this.put(Int32Array.from(values));
  }

  /** A copy of `length` floats at `at`, in memory of its own. */
  take(at: number, length: number): Float32Array {
    return this.f32view.slice(at / 4, at / 4 + length);
  }
}
