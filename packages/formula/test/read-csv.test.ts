import { DataError, InvalidArgumentError } from '@muster/core';
import { describe, expect, it } from 'vitest';
import { readCsv } from '../src/index.ts';
import { readData } from './helpers.ts';

describe('readCsv', () => {
  it('readCsv parses numbers as numbers and keeps text columns as strings', () => {
    expect(readCsv('y,x,g\n1,2.5,"a"\n0,-1e-4,b\n')).toEqual({
      y: [1, 0],
      x: [2.5, -0.0001],
      g: ['a', 'b'],
    });
  });

  it('readCsv reads empty fields and NA as missing (null) in numeric and text columns', () => {
    expect(readCsv('a,b,c\n1,,x\nNA,2,\n3,4,NA')).toEqual({
      a: [1, null, 3],
      b: [null, 2, 4],
      c: ['x', null, null],
    });
  });

  it('readCsv handles quoted fields with commas, doubled quotes, line breaks and CRLF', () => {
    const text = 'id,"note, text",n\r\n1,"he said ""hi"", twice",5\r\n2,"two\nlines",6\r\n';
    expect(readCsv(text)).toEqual({
      id: [1, 2],
      'note, text': ['he said "hi", twice', 'two\nlines'],
      n: [5, 6],
    });
  });

  it('readCsv reads quoted numbers as numbers, as read.csv does', () => {
    expect(readCsv('t\n"0"\n"1"\n')).toEqual({ t: [0, 1] });
  });

  it('readCsv treats a column with one non-number as text', () => {
    expect(readCsv('x\n1\n2\nabc\n')).toEqual({ x: ['1', '2', 'abc'] });
  });

  it('readCsv skips a byte-order mark and blank trailing lines, pads short records', () => {
    expect(readCsv('\uFEFFa,b\n1,2\n3\n\n')).toEqual({ a: [1, 3], b: [2, null] });
  });

  it('readCsv accepts Inf and -Inf as numbers', () => {
    expect(readCsv('x\nInf\n-Inf\n1')).toEqual({ x: [Infinity, -Infinity, 1] });
  });

  it('readCsv rejects a record with too many fields, naming the data row', () => {
    try {
      readCsv('a,b\n1,2\n3,4,5\n');
      throw new Error('no error');
    } catch (error) {
      expect(error).toBeInstanceOf(DataError);
      expect((error as DataError).row).toBe(2);
      expect((error as DataError).message).toBe(
        'readCsv requires at most 2 fields per record; data row 2 has 3',
      );
    }
  });

  it('readCsv rejects empty text and an unclosed quote', () => {
    expect(() => readCsv('')).toThrow(InvalidArgumentError);
    expect(() => readCsv('a\n"abc\n')).toThrow(DataError);
  });

  it('readCsv reads the columns named in options.text as text (codes keep their zeros), NA and empty still missing', () => {
    expect(readCsv('code,n,g\n007,1,a\n012,NA,b\n,3,c\n', { text: ['code', 'n'] })).toEqual({
      code: ['007', '012', null],
      n: ['1', null, '3'],
      g: ['a', 'b', 'c'],
    });
    expect(() => readCsv('code,n\n1,2\n', { text: ['cod'] })).toThrow(
      new InvalidArgumentError(
        'text',
        "readCsv requires options.text to name columns of the header; received 'cod'",
      ),
    );
  });

  it('readCsv reads the reference lung data: 228 rows, wt.loss missing in row 1', () => {
    const lung = readData('lung.csv');
    expect(Object.keys(lung)).toEqual([
      'inst',
      'time',
      'status',
      'age',
      'sex',
      'ph.ecog',
      'ph.karno',
      'pat.karno',
      'meal.cal',
      'wt.loss',
    ]);
    expect(lung.time!.length).toBe(228);
    expect(lung['wt.loss']![0]).toBeNull();
    expect(lung['wt.loss']![1]).toBe(15);
  });
});
