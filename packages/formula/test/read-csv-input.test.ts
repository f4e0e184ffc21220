import type { MusterWarning } from '@muster/core';
import { describe, expect, it } from 'vitest';
import { readCsv } from '../src/index.ts';

const bytes = (text: string) => new TextEncoder().encode(text);

describe('readCsv on bytes and odd entries', () => {
  it('readCsv(bytes) reads UTF-8, with or without a byte-order mark', () => {
    expect(readCsv(bytes('name,x\nJosé,1\n'))).toEqual({ name: ['José'], x: [1] });
    expect(readCsv(new Uint8Array([0xef, 0xbb, 0xbf, ...bytes('x\n2\n')]))).toEqual({ x: [2] });
  });

  it('readCsv(bytes) decodes UTF-16 with a byte-order mark, little- and big-endian', () => {
    const text = 'time,status\n5,1\n6,0\n';
    const le = new Uint8Array(2 + text.length * 2);
    const be = new Uint8Array(2 + text.length * 2);
    le.set([0xff, 0xfe]);
    be.set([0xfe, 0xff]);
    for (let i = 0; i < text.length; i++) {
      le[2 + 2 * i] = text.charCodeAt(i);
      be[3 + 2 * i] = text.charCodeAt(i);
    }
    expect(readCsv(le)).toEqual({ time: [5, 6], status: [1, 0] });
    expect(readCsv(be)).toEqual({ time: [5, 6], status: [1, 0] });
  });

  it('readCsv(bytes) refuses Latin-1 bytes, naming the byte and the line', () => {
    expect(() => readCsv(new Uint8Array([...bytes('x,y\n1,'), 0xe9, ...bytes('\n')]))).toThrow(
      'readCsv requires UTF-8 text; byte 0xE9 on line 2 is not UTF-8 (Latin-1 or Windows-1252 text, perhaps): save the file as UTF-8',
    );
  });

  it('readCsv(bytes) refuses UTF-16 without a byte-order mark', () => {
    expect(() => readCsv(new Uint8Array([0x78, 0, 0x0a, 0, 0x31, 0]))).toThrow(
      /requires UTF-8 text \(or UTF-16 with a byte-order mark\); the bytes hold NUL characters/,
    );
  });

  it('readCsv reads 0x10 as text, not as 16', () => {
    expect(readCsv('t\n5\n7\n0x10\n')).toEqual({ t: ['5', '7', '0x10'] });
  });

  it('readCsv keeps a mostly numeric column with text as text, as R does, and warns naming column, rows and values', () => {
    const warnings: MusterWarning[] = [];
    const data = readCsv('x,g\n1,a\ntwo,b\n3,c\n,d\n', { onWarning: (w) => warnings.push(w) });
    expect(data.x).toEqual(['1', 'two', '3', null]);
    expect(warnings).toEqual([
      {
        code: 'text-in-numeric-column',
        message:
          "readCsv reads column 'x' as text, as R's read.csv does, because 1 of its 3 entries is not a number: row 2 \"two\"; correct or remove it to use 'x' as numbers",
        subjects: ['x'],
      },
    ]);
  });
});
