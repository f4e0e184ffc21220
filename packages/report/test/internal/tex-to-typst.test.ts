import { describe, expect, it } from 'vitest';
import { texToTypst } from '../../src/internal/tex-to-typst.ts';

describe('texToTypst', () => {
  it('texToTypst maps fractions, sums, hats, bars, sub- and superscripts and Greek letters', () => {
    expect(texToTypst('\\hat\\beta_j = \\frac{1}{n}\\sum_{i=1}^n x_{ij}')).toBe(
      'hat(beta)_(j) = frac(1, n) sum_(i = 1)^(n) x_(i j)',
    );
    expect(texToTypst('\\bar{x} \\pm 1.96 \\hat S(t)')).toBe(
      'macron(x) plus.minus 1.96 hat(S) ( t )',
    );
    expect(texToTypst('\\prod_{t_j \\le t} \\varepsilon \\epsilon \\phi \\varphi')).toBe(
      'product_(t_(j) <= t) epsilon epsilon.alt phi.alt phi',
    );
  });

  it('texToTypst maps operators, \\text, \\operatorname, fonts and delimiters', () => {
    expect(texToTypst('\\operatorname{logit} \\Pr(Y = 1) \\text{ if } x \\in \\mathbb{R}')).toBe(
      'op("logit") Pr ( Y = 1 ) " if " x in bb(R)',
    );
    expect(texToTypst('\\left( \\frac{a}{b} \\right) \\sqrt[3]{x} a/b, c')).toBe(
      'lr(( frac(a, b) )) root(3, x) a \\/ b \\, c',
    );
    expect(texToTypst("\\exp(x'\\beta) \\log \\lambda_0(t)")).toBe(
      "exp ( x' beta ) log lambda_(0) ( t )",
    );
  });

  it('texToTypst turns aligned equations, cases and matrices into Typst alignment and functions', () => {
    expect(texToTypst('\\begin{aligned} a &= b + c \\\\ &= d \\end{aligned}')).toBe(
      'a & = b + c \\\n & = d',
    );
    expect(texToTypst('\\begin{cases} 1 & x > 0 \\\\ 0 & \\text{otherwise} \\end{cases}')).toBe(
      'cases(1 & x \\> 0, 0 & "otherwise")',
    );
    expect(texToTypst('\\begin{pmatrix} a & b \\\\ c & d \\end{pmatrix}')).toBe(
      'mat(delim: "(", a, b; c, d)',
    );
  });

  it('texToTypst shows an unknown command in red instead of failing', () => {
    expect(texToTypst('x + \\weird')).toBe('x + #text(fill: rgb("#b3261e"), "\\\\weird")');
  });
});
