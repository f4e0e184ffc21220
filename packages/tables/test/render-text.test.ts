/** The text outputs of a regression table: plain text, Markdown, LaTeX (booktabs) and CSV. */
import { describe, expect, it } from 'vitest';
import { regressionTable } from '../src/index.ts';
import { baseFit, row } from './helpers.ts';

const logit = baseFit({
  family: 'binomial',
  link: 'logit',
  coefficients: [row('log_troops', -0.25, 0.05)],
  nobs: 200,
  logLik: -90,
  vcovType: 'cluster',
  cluster: 'war',
  nClusters: 80,
});
const cox = baseFit({
  kind: 'cox',
  method: 'partial-likelihood',
  coefficients: [row('sex|male', 0.5, 0.2)],
  nobs: 50,
});
const table = regressionTable([logit, cox], {
  modelNames: ['Logit', 'Cox'],
  stars: true,
  gof: ['nobs'],
  title: 'Troops & sex',
});

describe('regression table text', () => {
  it('toText() aligns the columns with rules between estimates, goodness of fit and methods', () => {
    expect(table.toText()).toBe(
      [
        'Troops & sex',
        '-----------------------------------------------',
        '                      Logit                 Cox',
        '-----------------------------------------------',
        'log_troops         -0.25***',
        '                     (0.05)',
        'sex|male                                   0.5*',
        '                                          (0.2)',
        '-----------------------------------------------',
        'N                       200                  50',
        '-----------------------------------------------',
        'Model       binomial(logit)                 cox',
        'Method                   ml  partial-likelihood',
        'Covariance    cluster (war)           classical',
        '-----------------------------------------------',
        'Standard errors in parentheses',
        '* p < 0.05, ** p < 0.01, *** p < 0.001',
        '',
      ].join('\n'),
    );
  });

  it('toMarkdown() escapes pipes, stars and underscores and ends notes with line breaks', () => {
    const lines = table.toMarkdown().split('\n');
    expect(lines[0]).toBe('**Troops & sex**');
    expect(lines[2]).toMatch(/^\| +\| +Logit \| +Cox \|$/);
    expect(lines[3]).toMatch(/^\|:-+\|-+:\|-+:\|$/);
    expect(lines[4]).toMatch(/^\| log\\_troops +\| +-0\.25\\\*\\\*\\\* \| +\|$/);
    expect(lines[6]).toMatch(/^\| sex\\\|male +\| +\| +0\.5\\\* \|$/);
    expect(lines.at(-3)).toBe('Standard errors in parentheses  ');
    expect(lines.at(-2)).toBe('\\* p < 0.05, \\*\\* p < 0.01, \\*\\*\\* p < 0.001');
    // Every table line has the same number of unescaped pipes.
    const pipes = lines.slice(2, 12).map((line) => line.replace(/\\\|/g, '').split('|').length);
    expect(new Set(pipes).size).toBe(1);
  });

  it('toLatex() writes a booktabs tabular with escaped text and minus signs', () => {
    expect(table.toLatex()).toBe(
      [
        '\\begin{table}',
        '\\centering',
        '\\caption{Troops \\& sex}',
        '\\begin{tabular}{lcc}',
        '\\toprule',
        ' & Logit & Cox \\\\',
        '\\midrule',
        'log\\_troops & $-$0.25*** &  \\\\',
        ' & (0.05) &  \\\\',
        'sex|male &  & 0.5* \\\\',
        ' &  & (0.2) \\\\',
        '\\midrule',
        'N & 200 & 50 \\\\',
        '\\midrule',
        'Model & binomial(logit) & cox \\\\',
        'Method & ml & partial-likelihood \\\\',
        'Covariance & cluster (war) & classical \\\\',
        '\\bottomrule',
        '\\multicolumn{3}{l}{\\footnotesize Standard errors in parentheses} \\\\',
        '\\multicolumn{3}{l}{\\footnotesize * p \\textless{} 0.05, ** p \\textless{} 0.01, *** p \\textless{} 0.001} \\\\',
        '\\end{tabular}',
        '\\end{table}',
        '',
      ].join('\n'),
    );
  });

  it('toCsv() gives one line per row with the term repeated on the line beneath and quotes as RFC 4180', () => {
    const named = regressionTable([logit], { modelNames: ['Logit, "clustered"'], gof: ['nobs'] });
    expect(named.toCsv()).toBe(
      [
        'row,statistic,"Logit, ""clustered"""',
        'log_troops,estimate,-0.25',
        'log_troops,stdError,(0.05)',
        'N,gof,200',
        'Model,method,binomial(logit)',
        'Method,method,ml',
        'Covariance,method,cluster (war)',
        '',
      ].join('\r\n'),
    );
  });

  it('the outputs are identical on every call', () => {
    const again = regressionTable([logit, cox], {
      modelNames: ['Logit', 'Cox'],
      stars: true,
      gof: ['nobs'],
      title: 'Troops & sex',
    });
    expect(again.toLatex()).toBe(table.toLatex());
    expect(again.toMarkdown()).toBe(table.toMarkdown());
    expect(again.toCsv()).toBe(table.toCsv());
  });
});
