import { describe, expect, it } from 'vitest';
import { deleteCell, insertCell, moveCell } from '../src/dev/notebook-cells.ts';
import { testNotebook } from './support/dev-server.ts';

describe('notebook cell structure edits', () => {
  it('insertCell then deleteCell gives back the notebook byte for byte, at every position', () => {
    for (const after of [0, 1, 2, 3]) {
      const inserted = insertCell(testNotebook, after, 'const added = 1;\nadded');
      expect(inserted).toContain('```ts\nconst added = 1;\nadded\n```');
      const cell = after === 0 ? 4 : after + 1;
      expect([after, deleteCell(inserted, cell)]).toEqual([after, testNotebook]);
    }
  });

  it('insertCell keeps CRLF line endings and an empty cell round-trips', () => {
    const crlf = testNotebook.replace(/\n/g, '\r\n');
    const inserted = insertCell(crlf, 1, '');
    expect(inserted.replace(/\r\n/g, '')).not.toContain('\n');
    expect(deleteCell(inserted, 2)).toBe(crlf);
  });

  it('moveCell swaps two cells, leaves the prose between them, and moving back restores the bytes', () => {
    const moved = moveCell(testNotebook, 3, 'up');
    expect(moved.indexOf('$schema')).toBeLessThan(moved.indexOf('total ='));
    expect(moved.indexOf('## A chart')).toBeGreaterThan(moved.indexOf('$schema'));
    expect(moveCell(moved, 2, 'down')).toBe(testNotebook);
    expect(moveCell(moveCell(testNotebook, 1, 'down'), 2, 'up')).toBe(testNotebook);
  });

  it('the edits refuse missing cells, moves past the ends and sources with fences', () => {
    expect(() => deleteCell(testNotebook, 9)).toThrow(/existing code cell; received cell 9/);
    expect(() => moveCell(testNotebook, 1, 'up')).toThrow(/cell 1 is the first/);
    expect(() => moveCell(testNotebook, 3, 'down')).toThrow(/cell 3 is the last/);
    expect(() => insertCell(testNotebook, 1, '```\nx')).toThrow(/without code fences/);
  });
});
