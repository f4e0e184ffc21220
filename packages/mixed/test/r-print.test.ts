import { describe, expect, it } from 'vitest';
import { abbreviate, catFill, strwrap, zapsmall } from '../src/internal/r-print.ts';

const names = [
  '(Intercept)',
  'x',
  'z',
  'log(troops)',
  'regimeautocracy',
  'regimedemocracy',
  'inequality',
  'x:z',
  'eraE2',
  'belligerentB2',
  'I(x^2)',
  'initiator',
  'poly(x, 2)1',
  'poly(x, 2)2',
];

describe("R's printing helpers behind summary(glmer)", () => {
  it("abbreviate gives R 4.2's abbreviate(names, 6) and (names, 11), collisions lengthened", () => {
    expect(abbreviate(names, 6)).toEqual([
      '(Intr)',
      'x',
      'z',
      'lg(tr)',
      'rgmtcr',
      'rgmdmc',
      'inqlty',
      'x:z',
      'eraE2',
      'bllgB2',
      'I(x^2)',
      'inittr',
      'p(,2)1',
      'p(,2)2',
    ]);
    expect(abbreviate(names, 11)).toEqual([
      '(Intercept)',
      'x',
      'z',
      'log(troops)',
      'regimetcrcy',
      'regimdmcrcy',
      'inequality',
      'x:z',
      'eraE2',
      'belligrntB2',
      'I(x^2)',
      'initiator',
      'poly(x, 2)1',
      'poly(x, 2)2',
    ]);
  });

  it("zapsmall rounds to R 4.2's nearest whole number of decimals; strwrap and cat fill wrap at 80", () => {
    // log10(1.9887) = 0.30: 5 - 0.30 rounds to 5 decimals (R 4.4's ceiling would give 4).
    expect(zapsmall([0.9550522414, 1.9887181465], 5)).toEqual([0.95505, 1.98872]);
    expect(zapsmall([0.8104, 3.70931], 5)).toEqual([0.8104, 3.7093]);
    const title =
      'Generalized linear mixed model fit by maximum likelihood (Laplace Approximation)';
    expect(catFill([...strwrap(title, 78, 2), ' [', 'glmerMod', ']'], '')).toEqual([
      'Generalized linear mixed model fit by maximum likelihood (Laplace',
      '  Approximation) [glmerMod]',
    ]);
    expect(catFill(['Number of obs: 437, groups: ', 'war, 30'])).toEqual([
      'Number of obs: 437, groups:  war, 30',
    ]);
  });
});
