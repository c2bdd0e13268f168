/**
 * C (m x n) = op(A) (m x k) x op(B) (k x n), or C += when `accumulate`. Operands are read from
 * `offset`s into larger arrays so convolution can run it on one image at a time. Transposed
 * operands are packed to row-major first; the loop is i-k-j (unit stride over B and C rows),
 * four rows of C at a time and blocked over k and j so the B panel stays in cache.
 */
export interface GemmOperand {
  data: Float32Array;
  offset: number;
  transposed: boolean;
}

const K_BLOCK = 128;
const N_BLOCK = 256;

function rowMajor(op: GemmOperand, rows: number, cols: number): { data: Float32Array; offset: number } {
  if (!op.transposed) return op;
  // Stored cols x rows; copy into rows x cols.
  const packed = new Float32Array(rows * cols);
  for (let c = 0; c < cols; c++) {
    const src = op.offset + c * rows;
    for (let r = 0; r < rows; r++) packed[r * cols + c] = op.data[src + r]!;
  }
  return { data: packed, offset: 0 };
}

export function gemm(
  a: GemmOperand, b: GemmOperand, c: Float32Array, cOff: number,
  m: number, n: number, k: number, accumulate: boolean,
): void {
  if (!accumulate) c.fill(0, cOff, cOff + m * n);
  const { data: A, offset: aOff } = rowMajor(a, m, k);
  const { data: B, offset: bOff } = rowMajor(b, k, n);
  for (let j0 = 0; j0 < n; j0 += N_BLOCK) {
    const j1 = Math.min(n, j0 + N_BLOCK);
    for (let p0 = 0; p0 < k; p0 += K_BLOCK) {
      const p1 = Math.min(k, p0 + K_BLOCK);
      let i = 0;
      for (; i + 4 <= m; i += 4) {
        const r0 = aOff + i * k, r1 = r0 + k, r2 = r1 + k, r3 = r2 + k;
        const c0 = cOff + i * n, c1 = c0 + n, c2 = c1 + n, c3 = c2 + n;
        for (let p = p0; p < p1; p++) {
          const a0 = A[r0 + p]!, a1 = A[r1 + p]!, a2 = A[r2 + p]!, a3 = A[r3 + p]!;
          const bRow = bOff + p * n;
          for (let j = j0; j < j1; j++) {
            const bv = B[bRow + j]!;
            c[c0 + j]! += a0 * bv;
            c[c1 + j]! += a1 * bv;
            c[c2 + j]! += a2 * bv;
            c[c3 + j]! += a3 * bv;
          }
        }
      }
      for (; i < m; i++) {
        const r = aOff + i * k;
        const cr = cOff + i * n;
        for (let p = p0; p < p1; p++) {
          const av = A[r + p]!;
          const bRow = bOff + p * n;
          for (let j = j0; j < j1; j++) c[cr + j]! += av * B[bRow + j]!;
        }
      }
    }
  }
}
