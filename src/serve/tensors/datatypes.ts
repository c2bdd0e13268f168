import { DTypeError } from '../../errors.js';
import type { DType } from '../../tensor/dtype.js';

/** KServe v2 datatype names of the dtypes Tensile models take and give. */
const TO_DATATYPE: Record<DType, string> = { float32: 'FP32', int32: 'INT32' };

/** Every datatype the v2 protocol defines, so a client naming another gets a precise message. */
const V2_DATATYPES = new Set(['BOOL', 'UINT8', 'UINT16', 'UINT32', 'UINT64', 'INT8', 'INT16', 'INT32', 'INT64', 'FP16', 'FP32', 'FP64', 'BF16', 'BYTES']);

export function toDatatype(dtype: DType): string {
  return TO_DATATYPE[dtype];
}

/** The dtype for a v2 datatype, when it is the one the model's input takes. */
export function fromDatatype(where: string, datatype: string, expected: DType): DType {
  if (!V2_DATATYPES.has(datatype)) {
    throw new DTypeError(`${where}: unknown datatype '${datatype}'; the v2 protocol's are ${[...V2_DATATYPES].join(', ')}`);
  }
  if (datatype !== TO_DATATYPE[expected]) {
    throw new DTypeError(`${where}: datatype ${datatype} does not match the model's input, which takes ${TO_DATATYPE[expected]}`);
  }
  return expected;
}

/** Bytes per element: both served dtypes are 32-bit. */
export const ELEMENT_BYTES = 4;
