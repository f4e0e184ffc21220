/**
 * TeX math -> Typst math, for the subset statisticians write: fractions, roots, sums, products,
 * integrals, limits, sub- and superscripts, Greek letters, accents (hats, bars, tildes, dots),
 * relations and operators, `\text`, `\operatorname`, font commands, `\left...\right` delimiters,
 * and the environments `aligned`, `align`, `split`, `gathered`, `cases` and the matrices.
 *
 * Contract: `texToTypst(tex)` returns the body of a Typst equation (what goes between `$ ... $`).
 * It never throws: a command it does not know is typeset as its name in red, so the reader sees
 * it and the rest of the document still typesets.
 */

const GREEK = [
  'alpha',
  'beta',
  'gamma',
  'delta',
  'zeta',
  'eta',
  'iota',
  'kappa',
  'lambda',
  'mu',
  'nu',
  'xi',
  'pi',
  'rho',
  'sigma',
  'tau',
  'upsilon',
  'chi',
  'psi',
  'omega',
  'Gamma',
  'Delta',
  'Theta',
  'Lambda',
  'Xi',
  'Pi',
  'Sigma',
  'Upsilon',
  'Phi',
  'Psi',
  'Omega',
];

/** Commands that become a fixed Typst symbol or word. */
const SYMBOLS: Record<string, string> = {
  ...Object.fromEntries(GREEK.map((name) => [name, name])),
  theta: 'theta',
  vartheta: 'theta.alt',
  epsilon: 'epsilon.alt',
  varepsilon: 'epsilon',
  phi: 'phi.alt',
  varphi: 'phi',
  varsigma: 'sigma.alt',
  varrho: 'rho.alt',
  varpi: 'pi.alt',
  omicron: 'omicron',
  sum: 'sum',
  prod: 'product',
  coprod: 'product.co',
  int: 'integral',
  iint: 'integral.double',
  oint: 'integral.cont',
  le: '<=',
  leq: '<=',
  ge: '>=',
  geq: '>=',
  ne: '!=',
  neq: '!=',
  lt: '<',
  gt: '>',
  approx: 'approx',
  sim: 'tilde.op',
  simeq: 'tilde.eq',
  cong: 'tilde.equiv',
  propto: 'prop',
  equiv: 'equiv',
  in: 'in',
  notin: 'in.not',
  ni: 'in.rev',
  subset: 'subset',
  subseteq: 'subset.eq',
  supset: 'supset',
  supseteq: 'supset.eq',
  cup: 'union',
  cap: 'sect',
  bigcup: 'union.big',
  bigcap: 'sect.big',
  setminus: 'without',
  emptyset: 'emptyset',
  varnothing: 'emptyset',
  to: '->',
  rightarrow: '->',
  leftarrow: '<-',
  Rightarrow: '=>',
  Leftarrow: 'arrow.l.double',
  leftrightarrow: '<->',
  Leftrightarrow: '<=>',
  iff: '<=>',
  implies: '=>',
  mapsto: '|->',
  longrightarrow: 'arrow.r.long',
  uparrow: 'arrow.t',
  downarrow: 'arrow.b',
  times: 'times',
  cdot: 'dot.op',
  bullet: 'bullet',
  div: 'div',
  pm: 'plus.minus',
  mp: 'minus.plus',
  ast: 'ast',
  star: 'star',
  circ: 'compose',
  oplus: 'plus.circle',
  otimes: 'times.circle',
  infty: 'infinity',
  partial: 'partial',
  nabla: 'nabla',
  forall: 'forall',
  exists: 'exists',
  neg: 'not',
  lnot: 'not',
  land: 'and',
  wedge: 'and',
  lor: 'or',
  vee: 'or',
  perp: 'perp',
  parallel: 'parallel',
  mid: 'divides',
  ll: '<<',
  gg: '>>',
  prime: 'prime',
  ldots: '...',
  dots: '...',
  cdots: 'dots.c',
  vdots: 'dots.v',
  ddots: 'dots.down',
  ell: 'ell',
  hbar: 'planck.reduce',
  Re: 'Re',
  Im: 'Im',
  aleph: 'aleph',
  top: 'top',
  bot: 'bot',
  angle: 'angle',
  triangle: 'triangle',
  langle: 'angle.l',
  rangle: 'angle.r',
  lbrace: 'brace.l',
  rbrace: 'brace.r',
  lvert: '|',
  rvert: '|',
  vert: '|',
  lVert: '||',
  rVert: '||',
  Vert: '||',
  lfloor: 'floor.l',
  rfloor: 'floor.r',
  lceil: 'ceil.l',
  rceil: 'ceil.r',
  colon: 'colon',
  quad: 'quad',
  qquad: 'wide',
  // Spacing: `\,` `\:` `\;` `\ ` and `\!` (dropped) are handled as single-character commands.
  displaystyle: '',
  textstyle: '',
  limits: '',
  nolimits: '',
  nonumber: '',
  notag: '',
};

/** Operators typeset upright; Typst knows these by name. */
const OPERATORS = new Set([
  'log',
  'ln',
  'exp',
  'lim',
  'liminf',
  'limsup',
  'sin',
  'cos',
  'tan',
  'sinh',
  'cosh',
  'tanh',
  'arcsin',
  'arccos',
  'arctan',
  'max',
  'min',
  'sup',
  'inf',
  'arg',
  'det',
  'dim',
  'ker',
  'deg',
  'gcd',
  'Pr',
  'mod',
]);

const ACCENTS: Record<string, string> = {
  hat: 'hat',
  widehat: 'hat',
  tilde: 'tilde',
  widetilde: 'tilde',
  bar: 'macron',
  overline: 'overline',
  underline: 'underline',
  vec: 'arrow',
  overrightarrow: 'arrow',
  dot: 'dot',
  ddot: 'dot.double',
  acute: 'acute',
  grave: 'grave',
  breve: 'breve',
  check: 'caron',
};

const FONTS: Record<string, string> = {
  mathbf: 'bold',
  boldsymbol: 'bold',
  bm: 'bold',
  mathit: 'italic',
  mathrm: 'upright',
  mathsf: 'sans',
  mathtt: 'mono',
  mathbb: 'bb',
  mathcal: 'cal',
  mathscr: 'scr',
  mathfrak: 'frak',
};

const SINGLE: Record<string, string> = {
  ',': 'thin',
  ':': 'med',
  '>': 'med',
  ';': 'thick',
  ' ': 'space',
  '!': '',
  '{': 'brace.l',
  '}': 'brace.r',
  '|': '||',
  '%': '%',
  '&': '\\&',
  '#': '\\#',
  $: '\\$',
  _: '\\_',
};

const MATRICES: Record<string, string> = {
  matrix: '#none',
  pmatrix: '"("',
  bmatrix: '"["',
  Bmatrix: '"{"',
  vmatrix: '"|"',
  Vmatrix: '"||"',
};

type Token =
  | { kind: 'command'; name: string }
  | { kind: 'char'; value: string }
  | { kind: 'open' }
  | { kind: 'close' };

function tokenize(tex: string): Token[] {
  const tokens: Token[] = [];
  for (let i = 0; i < tex.length; i += 1) {
    const ch = tex[i];
    if (ch === '%') {
      while (i < tex.length && tex[i] !== '\n') i += 1;
      continue;
    }
    if (ch === '\\') {
      const match = /^[A-Za-z]+/.exec(tex.slice(i + 1));
      if (match) {
        tokens.push({ kind: 'command', name: match[0] });
        i += match[0].length;
      } else if (i + 1 < tex.length) {
        tokens.push({ kind: 'command', name: tex[i + 1] });
        i += 1;
      }
      continue;
    }
    if (ch === '{') tokens.push({ kind: 'open' });
    else if (ch === '}') tokens.push({ kind: 'close' });
    else tokens.push({ kind: 'char', value: ch });
  }
  return tokens;
}

class Converter {
  private index = 0;
  constructor(private readonly tokens: Token[]) {}

  /** Convert until the end, a closing brace, or a stop command (`\right`, `\end`). */
  sequence(stop: (token: Token) => boolean = () => false): string {
    const parts: string[] = [];
    while (this.index < this.tokens.length) {
      const token = this.tokens[this.index];
      if (token.kind === 'close' || stop(token)) break;
      parts.push(this.atom());
    }
    return join(parts);
  }

  /** One argument: a braced group or a single token. */
  argument(): string {
    while (
      this.tokens[this.index]?.kind === 'char' &&
      /\s/.test((this.tokens[this.index] as { value: string }).value)
    )
      this.index += 1;
    const token = this.tokens[this.index];
    if (token === undefined) return '';
    if (token.kind === 'open') {
      this.index += 1;
      const body = this.sequence();
      this.index += 1; // the closing brace
      return body;
    }
    return this.atom();
  }

  /** A raw braced group as text (for `\text{...}`, environment names). */
  rawGroup(): string {
    if (this.tokens[this.index]?.kind !== 'open') return '';
    this.index += 1;
    let depth = 1;
    let text = '';
    while (this.index < this.tokens.length) {
      const token = this.tokens[this.index++];
      if (token.kind === 'open') depth += 1;
      if (token.kind === 'close' && --depth === 0) break;
      text +=
        token.kind === 'char'
          ? token.value
          : token.kind === 'command'
            ? /^[A-Za-z]/.test(token.name)
              ? ''
              : token.name
            : token.kind === 'open'
              ? '{'
              : '}';
    }
    return text;
  }

  atom(): string {
    const token = this.tokens[this.index++];
    if (token.kind === 'open') {
      const body = this.sequence();
      this.index += 1;
      return body;
    }
    if (token.kind === 'close') return '';
    if (token.kind === 'char') return this.char(token.value);
    return this.command(token.name);
  }

  char(value: string): string {
    if (value === '^' || value === '_') {
      const argument = this.argument();
      return `${value}(${argument === '' ? '""' : argument})`;
    }
    if (/\s/.test(value)) return '';
    if (/[A-Za-z]/.test(value)) return value;
    if (/[0-9.]/.test(value)) {
      let number = value;
      while (this.index < this.tokens.length) {
        const next = this.tokens[this.index];
        if (next.kind !== 'char' || !/[0-9.]/.test(next.value)) break;
        number += next.value;
        this.index += 1;
      }
      return number;
    }
    if (value === "'") return "'";
    if (value === '~') return 'space.nobreak';
    if (value === '&') return '&';
    // Characters with a meaning in Typst math are escaped; brackets and operators pass through.
    if ('/,;"#$\\@<>[]'.includes(value)) return `\\${value}`;
    return value;
  }

  command(name: string): string {
    if (name === '\\') return '\\\n';
    if (name in SINGLE) return SINGLE[name];
    if (name in SYMBOLS) return SYMBOLS[name];
    if (OPERATORS.has(name)) return name;
    if (name === 'frac' || name === 'dfrac' || name === 'tfrac' || name === 'cfrac') {
      const numerator = this.argument();
      return `frac(${numerator || '""'}, ${this.argument() || '""'})`;
    }
    if (name === 'binom' || name === 'dbinom' || name === 'tbinom') {
      const n = this.argument();
      return `binom(${n || '""'}, ${this.argument() || '""'})`;
    }
    if (name === 'sqrt') {
      if (
        this.tokens[this.index]?.kind === 'char' &&
        (this.tokens[this.index] as { value: string }).value === '['
      ) {
        this.index += 1;
        const degree = this.sequence((t) => t.kind === 'char' && t.value === ']');
        this.index += 1;
        return `root(${degree || '""'}, ${this.argument() || '""'})`;
      }
      return `sqrt(${this.argument() || '""'})`;
    }
    if (name in ACCENTS) return `${ACCENTS[name]}(${this.argument() || '""'})`;
    if (name in FONTS) return `${FONTS[name]}(${this.argument() || '""'})`;
    if (
      name === 'text' ||
      name === 'textrm' ||
      name === 'mbox' ||
      name === 'textit' ||
      name === 'textbf'
    ) {
      const text = mathString(this.rawGroup());
      return name === 'textit' ? `italic(${text})` : name === 'textbf' ? `bold(${text})` : text;
    }
    if (name === 'operatorname') return `op(${mathString(this.rawGroup())})`;
    if (name === 'overbrace' || name === 'underbrace') {
      const body = this.argument();
      return `${name === 'overbrace' ? 'overbrace' : 'underbrace'}(${body || '""'})`;
    }
    if (name === 'left') return this.leftRight();
    if (name === 'right') return '';
    if (
      name === 'big' ||
      name === 'Big' ||
      name === 'bigg' ||
      name === 'Bigg' ||
      /^(big|Big|bigg|Bigg)[lrm]$/.test(name)
    )
      return '';
    if (name === 'begin') return this.environment(this.rawGroup());
    if (name === 'end') {
      this.rawGroup();
      return '';
    }
    if (name === 'tag') return `"(${this.rawGroup()})"`;
    if (name === 'label') {
      this.rawGroup();
      return '';
    }
    return `#text(fill: rgb("#b3261e"), ${JSON.stringify(`\\${name}`)})`;
  }

  /** `\left( ... \right)` -> `lr(( ... ))`; `.` stands for no delimiter. */
  leftRight(): string {
    const open = this.delimiter();
    const body = this.sequence((t) => t.kind === 'command' && t.name === 'right');
    this.index += 1; // \right
    const close = this.delimiter();
    return `lr(${open}${open && body ? ' ' : ''}${body}${close && body ? ' ' : ''}${close})`;
  }

  delimiter(): string {
    const token = this.tokens[this.index++];
    if (token === undefined) return '';
    if (token.kind === 'char') {
      if (token.value === '.') return '';
      if (token.value === '(' || token.value === ')' || token.value === '[' || token.value === ']')
        return token.value === '[' || token.value === ']' ? `\\${token.value}` : token.value;
      return token.value;
    }
    if (token.kind === 'command') return this.command(token.name);
    return '';
  }

  /** Environments: alignments become Typst's `&` and `\`, cases and matrices their functions. */
  environment(name: string): string {
    const rows: string[][] = [[]];
    let cell = '';
    const stopAt = (t: Token) =>
      (t.kind === 'command' && (t.name === 'end' || t.name === '\\')) ||
      (t.kind === 'char' && t.value === '&');
    while (this.index < this.tokens.length) {
      cell += ` ${this.sequence(stopAt)}`;
      const token = this.tokens[this.index];
      if (token === undefined) break;
      this.index += 1;
      if (token.kind === 'close') continue;
      if (token.kind === 'command' && token.name === 'end') {
        this.rawGroup();
        break;
      }
      rows[rows.length - 1].push(cell.trim());
      cell = '';
      if (token.kind === 'command' && token.name === '\\') rows.push([]);
    }
    rows[rows.length - 1].push(cell.trim());
    const filled = rows.filter((row) => row.some((item) => item !== ''));
    const base = name.replace(/\*$/, '');
    if (base in MATRICES) {
      return `mat(delim: ${MATRICES[base]}, ${filled.map((row) => row.map((item) => item || '""').join(', ')).join('; ')})`;
    }
    if (base === 'cases' || base === 'dcases') {
      return `cases(${filled.map((row) => row.join(' & ')).join(', ')})`;
    }
    // aligned, align, split, gathered, gather, eqnarray: Typst aligns at & and breaks at \.
    return filled.map((row) => row.join(' & ')).join(' \\\n');
  }
}

/** Join converted atoms with spaces where Typst would otherwise read one identifier or call. */
function join(parts: string[]): string {
  let out = '';
  for (const part of parts) {
    if (part === '') continue;
    if (part.startsWith('^(') || part.startsWith('_(') || part === "'") {
      out += out === '' ? `""${part}` : part;
      continue;
    }
    out += out === '' || out.endsWith('\n') ? part : ` ${part}`;
  }
  return out;
}

/** A Typst math string literal (shown upright, as `\text` is). */
function mathString(text: string): string {
  return `"${text.replace(/[\\"]/g, (ch) => `\\${ch}`)}"`;
}

/**
 * Convert TeX math to the body of a Typst equation.
 *
 * @example
 * ```ts
 * texToTypst('\\hat\\beta_j = \\frac{1}{n}\\sum_{i=1}^n x_{ij}');
 * // => 'hat(beta)_(j) = frac(1, n) sum_(i = 1)^(n) x_(i j)'
 * ```
 */
export function texToTypst(tex: string): string {
  return new Converter(tokenize(tex)).sequence().replace(/\s+$/, '');
}
