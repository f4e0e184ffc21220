import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  awolRussia,
  awolUkraine,
  belligerents,
  desertionPanel,
  heart,
  listDatasets,
  lung,
  lyallSynthetic,
  separation,
} from '../src/index.ts';

const dataDir = join(import.meta.dirname, '..', 'data');

describe('datasets', () => {
  it('listDatasets() names a source, licence and kind for every data set', () => {
    const all = listDatasets();
    expect(all.length).toBe(16);
    for (const d of all) {
      expect(d.source.length).toBeGreaterThan(10);
      expect(d.licence.length).toBeGreaterThan(2);
      expect(['real', 'simulated']).toContain(d.kind);
    }
  });

  it('every column has nrow values and matches the CSV line count', () => {
    for (const meta of listDatasets()) {
      const lines = readFileSync(join(dataDir, meta.file), 'utf8').trim().split('\n').length - 1;
      expect(meta.nrow).toBe(lines);
    }
    for (const column of Object.values(lung.columns)) expect(column.length).toBe(lung.nrow);
  });

  it('the AWOL figures keep the metric each one counts: court cases and sentences, not offences', () => {
    const metrics = new Set(awolRussia.columns.metric);
    expect(metrics.has('cases_received_by_courts')).toBe(true);
    expect(metrics.has('sentences')).toBe(true);
    expect([...metrics].some((m) => String(m).includes('offence'))).toBe(false);
    expect(awolRussia.description).toContain('None counts offences');
    expect(awolUkraine.columns.metric[0]).toBe('proceedings_registered');
    // Article codes are labels in both tables (Russia has '337+332+338'), never numbers.
    expect(awolUkraine.columns.article_ukr_cc[0]).toBe('407');
    expect(awolRussia.columns.article[0]).toBe('337');
  });

  it('lung keeps empty fields as missing and numbers as numbers', () => {
    expect(lung.columns['wt.loss'][0]).toBeNull();
    expect(lung.columns.time[0]).toBe(306);
    expect(lung.nrow).toBe(228);
  });

  it('the README data sets are the very files the packages computed their R reference cases on', () => {
    // The package READMEs show numbers their own tests check on these fixtures.
    const fixtures: Record<string, string> = {
      'separation.csv': '../glm/test/fixtures/separation.csv',
      'rare_events.csv': '../glm/test/fixtures/rare-events.csv',
      'belligerents.csv': '../matching/test/fixtures/belligerents.csv',
      'desertion_panel.csv': '../mixed/test/fixtures/panel.csv',
    };
    for (const [file, fixture] of Object.entries(fixtures)) {
      const copy = readFileSync(join(dataDir, file), 'utf8');
      expect(copy, file).toBe(readFileSync(join(dataDir, '..', fixture), 'utf8'));
    }
    expect(desertionPanel.columns.x[6]).toBeNull();
    expect(desertionPanel.columns.war[0]).toBe('W01');
    expect(belligerents.columns.regime[0]).toBe('autocracy');
    expect(separation.nrow).toBe(60);
  });

  it('quoted numbers stay strings, as R reads them with stringsAsFactors', () => {
    expect(heart.columns.transplant[0]).toBe('0');
    expect(lyallSynthetic.columns.regime[0]).toBe('anocracy');
    expect(lyallSynthetic.kind).toBe('simulated');
  });
});
