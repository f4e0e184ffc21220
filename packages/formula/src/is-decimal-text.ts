const DECIMAL_TEXT = /^\s*[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?\s*$/;

/**
 * Whether a text is a number in decimal notation, as R writes numbers and as {@link readCsv}
 * reads them: an optional sign, digits with an optional decimal point, an optional exponent,
 * surrounding spaces allowed. Hexadecimal (`0x10`), `Inf`, `NaN` and the empty string are not.
 *
 * @param text - the text to test
 * @returns true when `Number(text)` reads it as R's `as.numeric` would
 * @example
 * isDecimalText('1.5e3'); // => true
 * isDecimalText('0x10'); // => false
 */
export function isDecimalText(text: string): boolean {
  return DECIMAL_TEXT.test(text);
}
