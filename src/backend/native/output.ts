/**
 * A Float32Array for a kernel to fill. Every native kernel writes all of its output, so the
 * memory is taken uninitialised: zeroing a fresh 400 KB array (a dense layer's weights) costs
 * more than the elementwise op that fills it, as measured on these machines.
 */
export function output(length: number): Float32Array {
  const bytes = Buffer.allocUnsafeSlow(length * 4);
  return new Float32Array(bytes.buffer, bytes.byteOffset, length);
}
