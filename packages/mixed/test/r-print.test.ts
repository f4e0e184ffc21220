import { describe, expect, it } from 'vitest';
import { deparseLines } from '../src/internal/deparse-lines.ts';
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

describe("R's deparse of a formula with its line breaks, as lme4's Formula: line prints it", () => {
  // deparse(f) and cat("Formula:", deparse(f), fill = TRUE) in R 4.2.2.
  const cases: [string, string[]][] = [
    ['deserted~x+z+(1|war)', ['Formula: deserted ~ x + z + (1 | war)']],
    [
      'mass_desertion ~ inequality + log(troops) + regime + initiator + (1 | war)',
      [
        'Formula: mass_desertion ~ inequality + log(troops) + regime + initiator +  ',
        '    (1 | war)',
      ],
    ],
    [
      'mass_desertion ~ inequality + log(troops) + regime + initiator + duration + (1 + inequality | war) + (1 | era)',
      [
        'Formula: mass_desertion ~ inequality + log(troops) + regime + initiator +  ',
        '    duration + (1 + inequality | war) + (1 | era)',
      ],
    ],
    [
      'cbind(deserters_in_campaign, stayed_in_campaign) ~ inequality * log(troops) + (1 | war/belligerent)',
      [
        'Formula: cbind(deserters_in_campaign, stayed_in_campaign) ~ inequality *  ',
        '    log(troops) + (1 | war/belligerent)',
      ],
    ],
    [
      'y ~ a + b + c + d + e + f + g + h + i + j + k + l + m + n + o + p + q + r + s + t + u + v + w + x + (1 | war) + z + aa + bb + cc + dd + ee + ff + gg + hh',
      [
        'Formula: y ~ a + b + c + d + e + f + g + h + i + j + k + l + m + n + o +  ',
        '    p + q + r + s + t + u + v + w + x + (1 | war) + z + aa +  ',
        '    bb + cc + dd + ee + ff + gg + hh',
      ],
    ],
    [
      'y ~ offset(log(some_long_exposure_variable_name)) + some_covariate_name:other_covariate_name + (1 | war)',
      [
        'Formula: ',
        'y ~ offset(log(some_long_exposure_variable_name)) + some_covariate_name:other_covariate_name +  ',
        '    (1 | war)',
      ],
    ],
    [
      'y ~ I(some_long_exposure_variable_name^2) - some_covariate_name * other_covariate_name * third + (1 | war)',
      [
        'Formula: y ~ I(some_long_exposure_variable_name^2) - some_covariate_name *  ',
        '    other_covariate_name * third + (1 | war)',
      ],
    ],
  ];
  for (const [formula, expected] of cases) {
    it(`deparses ${formula.slice(0, 40)}...`, () => {
      expect(catFill(['Formula:', ...deparseLines(formula)])).toEqual(expected);
    });
  }

  it('breaks after ~, inside parentheses and between call arguments as deparse does', () => {
    expect(
      deparseLines(
        'cbind(deserters_in_the_campaign_total, stayed_in_the_campaign_total) ~ inequality + log(troops) + (1 | war)',
      ),
    ).toEqual([
      'cbind(deserters_in_the_campaign_total, stayed_in_the_campaign_total) ~ ',
      '    inequality + log(troops) + (1 | war)',
    ]);
    expect(
      deparseLines(
        'y ~ x + (1 + some_long_covariate_name + another_long_covariate_name + third_one | war)',
      ),
    ).toEqual([
      'y ~ x + (1 + some_long_covariate_name + another_long_covariate_name + ',
      '    third_one | war)',
    ]);
    expect(
      deparseLines(
        'y ~ poly(some_long_covariate_name_here, degree = 2, raw = TRUE) + ns(another_long_covariate_name, df = 3) + (1 | war)',
      ),
    ).toEqual([
      'y ~ poly(some_long_covariate_name_here, degree = 2, raw = TRUE) + ',
      '    ns(another_long_covariate_name, df = 3) + (1 | war)',
    ]);
    expect(
      deparseLines(
        'y ~ x + (1 + x || war) + (1 | era) + (1 | belligerent) + (1 | war:era) + (0 + z | belligerent)',
      ),
    ).toEqual([
      'y ~ x + (1 + x || war) + (1 | era) + (1 | belligerent) + (1 | ',
      '    war:era) + (0 + z | belligerent)',
    ]);
  });
});
