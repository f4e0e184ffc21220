import { InvalidArgumentError } from '@muster/core';

/**
 * CSV bytes as text. UTF-8 (with or without a byte-order mark) is read as is; UTF-16 with a
 * byte-order mark is decoded; anything else is refused with the encoding it looks like, rather
 * than read with replacement characters (Latin-1 bytes) or as garbled column names (UTF-16
 * without a mark).
 */
export function decodeCsv(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes);
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes);
  const head = bytes.subarray(0, 4096);
  if (head.includes(0)) {
    throw new InvalidArgumentError(
      'text',
      'readCsv requires UTF-8 text (or UTF-16 with a byte-order mark); the bytes hold NUL characters, as UTF-16 without a byte-order mark does: save the file as UTF-8',
    );
  }
  const invalid = firstInvalidUtf8(bytes);
  if (invalid >= 0) {
    let line = 1;
    for (let i = 0; i < invalid; i++) if (bytes[i] === 10) line++;
    const byte = bytes[invalid].toString(16).toUpperCase().padStart(2, '0');
    throw new InvalidArgumentError(
      'text',
      `readCsv requires UTF-8 text; byte 0x${byte} on line ${line} is not UTF-8 (Latin-1 or Windows-1252 text, perhaps): save the file as UTF-8`,
    );
  }
  return new TextDecoder('utf-8').decode(bytes);
}

/** Offset of the first byte that does not belong to a well-formed UTF-8 sequence, or -1. */
function firstInvalidUtf8(bytes: Uint8Array): number {
  const n = bytes.length;
  let i = 0;
  while (i < n) {
    const b = bytes[i];
    if (b < 0x80) {
      i++;
      continue;
    }
    let length: number;
    let min: number;
    if (b >= 0xc2 && b <= 0xdf) [length, min] = [2, 0x80];
    else if (b >= 0xe0 && b <= 0xef) [length, min] = [3, 0x800];
    else if (b >= 0xf0 && b <= 0xf4) [length, min] = [4, 0x10000];
    else return i;
    if (i + length > n) return i;
    let code = b & (0xff >> (length + 1));
    for (let k = 1; k < length; k++) {
      const c = bytes[i + k];
      if ((c & 0xc0) !== 0x80) return i;
      code = (code << 6) | (c & 0x3f);
    }
    if (code < min || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return i;
    i += length;
  }
  return -1;
}
