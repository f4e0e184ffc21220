/**
 * Expansion of a model formula into terms, following R's `terms.formula` (src/library/stats/
 * src/model.c: ExtractVars, EncodeVars, TermCode). A term is a set of variables stored as a
 * bigint bit set (bit i = variable i of `variables`).
 */
import { FormulaError } from '@muster/core';
import type { Formula, FormulaNode } from '../types.ts';
import { deparseNode } from './deparse.ts';

/** Functions whose terms are kept apart from the design matrix (survival's specials). */
export const SPECIALS = new Set(['strata', 'cluster']);

export interface Terms {
  /** Model variables in R's order; index 0 is the response when `hasResponse`. */
  variables: FormulaNode[];
  /** R's names of the variables (deparsed expressions). */
  names: string[];
  hasResponse: boolean;
  intercept: boolean;
  /** Terms of the design matrix, sorted by order (offsets and specials removed). */
  terms: bigint[];
  labels: string[];
  /** factors[t][v]: 0 absent, 1 coded by contrasts, 2 coded by indicators (R's `factors`). */
  factors: number[][];
  /** Indices of offset variables. */
  offsets: number[];
  /** Indices of strata(...) variables and their term labels. */
  strata: number[];
  /** Indices of cluster(...) variables. */
  cluster: number[];
}

function bit(i: number): bigint {
  return 1n << BigInt(i);
}

function bitCount(term: bigint): number {
  let n = 0;
  while (term > 0n) {
    if (term & 1n) n++;
    term >>= 1n;
  }
  return n;
}

/** Remove duplicates and empty terms, keeping first occurrences (R's TrimRepeats). */
function trim(list: bigint[]): bigint[] {
  const seen = new Set<bigint>();
  const out: bigint[] = [];
  for (const t of list) {
    if (t === 0n || seen.has(t)) continue;
    seen.add(t);
    out.push(t);
  }
  return out;
}

/** Most terms a formula may expand to (x1 * ... * x30 would make 2^30). */
export const MAX_TERMS = 10_000;

/** Comparisons and logical operators: they make one variable, not a combination of terms. */
export function isValueOperator(operator: string): boolean {
  return !['+', '-', '*', '/', ':', '^', '%in%'].includes(operator);
}

function isZeroOne(node: FormulaNode): boolean {
  return node.type === 'number' && (node.value === 0 || node.value === 1);
}

/** Names of all symbols in an expression (R's CheckRHS walks the left-hand side this way). */
function symbols(node: FormulaNode, out: Set<string>): void {
  switch (node.type) {
    case 'name':
      out.add(node.name);
      return;
    case 'call':
      out.add(node.name);
      for (const a of node.args) symbols(a.value, out);
      return;
    case 'paren':
      symbols(node.expression, out);
      return;
    case 'unary':
      symbols(node.operand, out);
      return;
    case 'binary':
      symbols(node.left, out);
      symbols(node.right, out);
      return;
    default:
      return;
  }
}

/**
 * The state of one expansion: the variables found so far (R's ExtractVars) and the encoder of
 * terms as bit sets (R's EncodeVars), whose intercept and sign flip as `-` terms are read.
 */
class TermsBuilder {
  readonly variables: FormulaNode[] = [];
  readonly names: string[] = [];
  private readonly index = new Map<string, number>();
  intercept = true;
  private parity = true;

  constructor(
    readonly source: string,
    /** Data columns `.` stands for (those not on the left-hand side), or null without data. */
    private readonly frameNames: string[] | null,
  ) {}

  fail(node: FormulaNode, message: string): never {
    throw new FormulaError(
      this.source,
      node.position,
      `${message} at position ${node.position} in '${this.source}'`,
    );
  }

  install(node: FormulaNode): number {
    if (node.type === 'number') {
      this.fail(node, `model formulas accept 0 or 1 as terms; received ${deparseNode(node)}`);
    }
    const name = deparseNode(node);
    const found = this.index.get(name);
    if (found !== undefined) return found;
    this.variables.push(node);
    this.names.push(name);
    this.index.set(name, this.variables.length - 1);
    return this.variables.length - 1;
  }

  installDot(): void {
    if (this.frameNames === null) return;
    for (const c of this.frameNames) this.install({ type: 'name', name: c, position: -1 });
  }

  extract(node: FormulaNode, checkOnly: boolean): void {
    switch (node.type) {
      case 'string':
        this.fail(
          node,
          `model formulas accept 0 or 1 as terms; received the string ${deparseNode(node)}`,
        );
        return;
      case 'number':
        if (!isZeroOne(node)) {
          this.fail(node, `model formulas accept 0 or 1 as terms; received ${deparseNode(node)}`);
        }
        return;
      case 'dot':
        if (!checkOnly) {
          if (this.frameNames === null) this.install(node);
          else this.installDot();
        }
        return;
      case 'name':
        if (!checkOnly) this.install(node);
        return;
      case 'paren':
        this.extract(node.expression, checkOnly);
        return;
      case 'unary':
        if (node.operator === '!') {
          if (!checkOnly) this.install(node);
          return;
        }
        this.extract(node.operand, node.operator === '-' ? true : checkOnly);
        return;
      case 'binary':
        if (isValueOperator(node.operator)) {
          if (!checkOnly) this.install(node);
          return;
        }
        if (node.operator === '^') {
          if (node.right.type !== 'number') {
            this.fail(node.right, "the power in a formula ('^') must be a number");
          }
          this.extract(node.left, checkOnly);
          return;
        }
        if (node.operator === '+') {
          // A long a + b + c + ... chain: walk its left spine in a loop (no deep recursion).
          const operands: FormulaNode[] = [];
          let current: FormulaNode = node;
          while (current.type === 'binary' && current.operator === '+') {
            operands.push(current.right);
            current = current.left;
          }
          this.extract(current, checkOnly);
          for (let k = operands.length - 1; k >= 0; k--) this.extract(operands[k], checkOnly);
          return;
        }
        this.extract(node.left, checkOnly);
        this.extract(node.right, node.operator === '-' ? true : checkOnly);
        return;
      case 'call':
        this.install(node);
        return;
    }
  }

  encode(node: FormulaNode): bigint[] {
    return this.limitTerms(node, this.encodeNode(node));
  }

  limitTerms(node: FormulaNode, terms: bigint[]): bigint[] {
    if (terms.length > MAX_TERMS) {
      this.fail(
        node,
        `model formulas expand to at most ${MAX_TERMS} terms; ${deparseNode(node).slice(0, 80)} expands to more`,
      );
    }
    return terms;
  }

  /** Every union l | r, refused before it is built when there would be too many. */
  products(node: FormulaNode, left: bigint[], right: bigint[]): bigint[] {
    if (left.length * right.length > MAX_TERMS) this.limitTerms(node, new Array(MAX_TERMS + 1));
    const out: bigint[] = [];
    for (const l of left) for (const r of right) out.push(l | r);
    return out;
  }

  encodeNode(node: FormulaNode): bigint[] {
    switch (node.type) {
      case 'string':
        return this.fail(
          node,
          `model formulas accept 0 or 1 as terms; received ${deparseNode(node)}`,
        );
      case 'number':
        if (node.value === 1) {
          this.intercept = this.parity;
          return [];
        }
        if (node.value === 0) {
          this.intercept = !this.parity;
          return [];
        }
        return this.fail(
          node,
          `model formulas accept 0 or 1 as terms; received ${deparseNode(node)}`,
        );
      case 'dot':
        if (this.frameNames === null) return [bit(this.install(node))];
        return this.frameNames.map((c) =>
          bit(this.install({ type: 'name', name: c, position: -1 })),
        );
      case 'name':
      case 'call':
        return [bit(this.install(node))];
      case 'paren':
        return this.encode(node.expression);
      case 'unary':
        if (node.operator === '!') return [bit(this.install(node))];
        if (node.operator === '+') return this.encode(node.operand);
        return this.remove([], node.operand);
      case 'binary': {
        if (isValueOperator(node.operator)) return [bit(this.install(node))];
        switch (node.operator) {
          case '+': {
            // a + b + c + ... nests to the left: walk the chain in a loop, not by recursion, so
            // thousands of terms do not overflow the stack (trim keeps first occurrences, so
            // one trim of the whole list equals a trim at every level).
            const operands: FormulaNode[] = [];
            let current: FormulaNode = node;
            while (current.type === 'binary' && current.operator === '+') {
              operands.push(current.right);
              current = current.left;
            }
            operands.push(current);
            const out: bigint[] = [];
            for (let k = operands.length - 1; k >= 0; k--) out.push(...this.encode(operands[k]));
            return trim(out);
          }
          case '-':
            return this.remove(this.encode(node.left), node.right);
          case ':': {
            const left = this.encode(node.left);
            const right = this.encode(node.right);
            const out = this.products(node, left, right);
            return trim(out);
          }
          case '*': {
            const left = this.encode(node.left);
            const right = this.encode(node.right);
            const out = this.products(node, left, right);
            return trim([...left, ...right, ...out]);
          }
          case '%in%': {
            const left = this.encode(node.left);
            const right = this.encode(node.right);
            let all = 0n;
            for (const r of right) all |= r;
            return trim(left.map((l) => l | all));
          }
          case '/': {
            const left = this.encode(node.left);
            const right = this.encode(node.right);
            let all = 0n;
            for (const l of left) all |= l;
            return trim([...left, ...right.map((r) => r | all)]);
          }
          case '^': {
            const power = node.right.type === 'number' ? Math.trunc(node.right.value) : Number.NaN;
            if (!(power >= 2) || !Number.isFinite(power)) {
              this.fail(
                node.right,
                `the power in a formula ('^') must be an integer of at least 2; received ${deparseNode(node.right)}`,
              );
            }
            const left = this.encode(node.left);
            let right = left;
            // Once every union is present, higher powers add nothing: stop when the list no
            // longer changes (or soon after its set of terms stops growing).
            let settled = 0;
            for (let i = 1; i < power && settled < 8; i++) {
              const out = this.products(node, left, right);
              const next = trim(out);
              if (next.length === right.length && next.every((t, k) => t === right[k])) break;
              if (next.length === right.length) settled++;
              right = next;
            }
            return right;
          }
          default:
            return [bit(this.install(node))];
        }
      }
    }
  }

  remove(left: bigint[], rightNode: FormulaNode): bigint[] {
    this.parity = !this.parity;
    const right = this.encode(rightNode);
    this.parity = !this.parity;
    const drop = new Set(right);
    return left.filter((t) => !drop.has(t));
  }
}

/** The data columns `.` stands for: every column not named on the left-hand side. */
function dotColumns(formula: Formula, columnNames: readonly string[] | null): string[] | null {
  const source = formula.source;
  let frameNames: string[] | null = null;
  if (columnNames !== null) {
    const lhsSymbols = new Set<string>();
    if (formula.lhs !== null) symbols(formula.lhs, lhsSymbols);
    frameNames = columnNames.filter((c) => !lhsSymbols.has(c));
    const seen = new Set<string>();
    for (const c of frameNames) {
      if (seen.has(c)) {
        throw new FormulaError(
          source,
          0,
          `'.' requires distinct column names; '${c}' is duplicated`,
        );
      }
      seen.add(c);
    }
  }
  return frameNames;
}

/**
 * Expand `formula` into R's terms. `columnNames` are the data's columns (to expand `.`), or
 * null when there is no data.
 */
export function expandTerms(formula: Formula, columnNames: readonly string[] | null): Terms {
  const builder = new TermsBuilder(formula.source, dotColumns(formula, columnNames));
  const { variables, names } = builder;
  const fail = (node: FormulaNode, message: string): never => builder.fail(node, message);

  // Step 1: the variables, in order of appearance (R's ExtractVars).
  let hasResponse = false;
  if (formula.lhs !== null) {
    hasResponse = true;
    builder.install(formula.lhs);
  }
  builder.extract(formula.rhs, false);

  // Step 2: encode the terms as bit sets, expanding the operators (R's EncodeVars).
  let list = builder.encode(formula.rhs);

  // Offsets are variables, not terms.
  const offsets: number[] = [];
  const strata: number[] = [];
  const cluster: number[] = [];
  for (let v = hasResponse ? 1 : 0; v < variables.length; v++) {
    const node = variables[v]!;
    if (node.type !== 'call') continue;
    if (node.name === 'offset') offsets.push(v);
    else if (node.name === 'strata') strata.push(v);
    else if (node.name === 'cluster') cluster.push(v);
  }
  const isOffset = (t: bigint): boolean => offsets.some((v) => (t & bit(v)) !== 0n);
  list = list.filter((t) => !isOffset(t));
  for (const v of [...strata, ...cluster]) {
    for (const t of list) {
      if ((t & bit(v)) !== 0n && t !== bit(v)) {
        fail(
          variables[v]!,
          `${names[v]} must enter the formula on its own (interactions with it are not supported)`,
        );
      }
    }
  }
  const specialBits = [...strata, ...cluster].reduce((acc, v) => acc | bit(v), 0n);
  list = list.filter((t) => (t & specialBits) === 0n);

  // Step 3: order terms by degree, otherwise keeping their order.
  const degrees = list.map(bitCount);
  const maxDegree = degrees.reduce((a, b) => Math.max(a, b), 0);
  const sorted: bigint[] = [];
  for (let d = 1; d <= maxDegree; d++) {
    for (let i = 0; i < list.length; i++) if (degrees[i] === d) sorted.push(list[i]!);
  }

  // Step 4: contrasts (1) or indicators (2) for each variable of each term (R's TermCode):
  // a variable is coded by contrasts when the term without it is empty or contained in an
  // earlier term; otherwise by indicators.
  const factors: number[][] = sorted.map((term, t) =>
    variables.map((_, v) => {
      if ((term & bit(v)) === 0n) return 0;
      const margin = term & ~bit(v);
      if (margin === 0n) return 1;
      for (let s = 0; s < t; s++) if ((margin & ~sorted[s]!) === 0n) return 1;
      return 2;
    }),
  );

  // Step 5: labels join the variable names in variable order.
  const labels = sorted.map((term) => names.filter((_, v) => (term & bit(v)) !== 0n).join(':'));

  return {
    variables,
    names,
    hasResponse,
    intercept: builder.intercept,
    terms: sorted,
    labels,
    factors,
    offsets,
    strata,
    cluster,
  };
}
