/** Bytes of JSON syntax the scanners look for. */
export const enum Byte {
  Tab = 0x09, Newline = 0x0a, Return = 0x0d, Space = 0x20, Quote = 0x22, Comma = 0x2c, Minus = 0x2d,
  Colon = 0x3a, Open = 0x5b, Backslash = 0x5c, Close = 0x5d, OpenBrace = 0x7b, CloseBrace = 0x7d,
}

/** Thrown inside a scan for anything it does not take; the scan's caller turns it into undefined. */
export class Unrecognised extends Error {}
export const UNRECOGNISED = new Unrecognised();

/**
 * A position in a body's bytes: what the body scanner and the JS nest reader share. A read past
 * the end gives undefined, which matches no byte it looks for, so a truncated body is refused.
 */
export class JsonCursor {
  constructor(protected readonly bytes: Uint8Array, public pos: number) {}

  protected space(): void {
    const bytes = this.bytes;
    let c = bytes[this.pos];
    while (c === Byte.Space || c === Byte.Newline || c === Byte.Return || c === Byte.Tab) c = bytes[++this.pos];
  }

  /** After an item: true past a comma (another follows), false past the closing byte. */
  protected next(close: Byte): boolean {
    this.space();
    const c = this.bytes[this.pos++];
    if (c === Byte.Comma) return true;
    if (c === close) return false;
    throw UNRECOGNISED;
  }
}
