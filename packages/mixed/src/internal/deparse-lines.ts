/**
 * R's `deparse(formula)` with its line breaking (width.cutoff = 60), as lme4's `Formula:` line
 * prints it: after a spaced binary operator (`~ + - * |` ...) or a call's `, `, a line longer than
 * 60 characters ends there, and the rest continues indented by four spaces per open break.
 */
import { type FormulaNode, formatFormula, parseFormula } from '@muster/formula';

/** R's default width.cutoff of deparse. */
const CUTOFF = 60;

/** The buffer of R's deparse: lines, the current one, the indentation level. */
class DeparseBuffer {
  readonly lines: string[] = [];
  private line = '';
  private startLine = true;
  indent = 0;

  write(text: string): void {
    if (this.startLine) {
      this.startLine = false;
      for (let i = 1; i <= this.indent; i++) this.line += i <= 4 ? '    ' : '  ';
    }
    this.line += text;
  }

  /** deparse.c's linebreak(): end the line when it is past the cutoff (indenting once per caller). */
  lineBreak(state: { broke: boolean }): void {
    if (this.line.length > CUTOFF) {
      if (!state.broke) {
        state.broke = true;
        this.indent++;
      }
      this.writeLine();
    }
  }

  writeLine(): void {
    this.lines.push(this.line);
    this.line = '';
    this.startLine = true;
  }
}

/** One leaf (name, number, string, dot) in R's spelling. */
function leafText(node: FormulaNode): string {
  return formatFormula({ type: 'formula', source: '', lhs: null, rhs: node }).slice(1);
}

function nameText(name: string): string {
  return leafText({ type: 'name', name, position: 0 });
}

/** Operators R deparses without spaces (PP_BINARY2), which never break a line. */
const UNSPACED = new Set(['/', '^', ':']);

/** A spaced binary operator (PP_BINARY): the line may break after it. */
function deparseBinary(
  left: FormulaNode,
  operator: string,
  right: FormulaNode,
  out: DeparseBuffer,
): void {
  deparseNode(left, out);
  const state = { broke: false };
  out.write(` ${operator} `);
  out.lineBreak(state);
  deparseNode(right, out);
  if (state.broke) out.indent--;
}

function deparseNode(node: FormulaNode, out: DeparseBuffer): void {
  switch (node.type) {
    case 'paren':
      out.write('(');
      deparseNode(node.expression, out);
      out.write(')');
      return;
    case 'unary':
      out.write(node.operator);
      deparseNode(node.operand, out);
      return;
    case 'binary':
      if (UNSPACED.has(node.operator)) {
        deparseNode(node.left, out);
        out.write(node.operator);
        deparseNode(node.right, out);
      } else {
        deparseBinary(node.left, node.operator, node.right, out);
      }
      return;
    case 'call': {
      out.write(`${nameText(node.name)}(`);
      const state = { broke: false };
      node.args.forEach((arg, k) => {
        if (arg.name !== null) out.write(`${nameText(arg.name)} = `);
        deparseNode(arg.value, out);
        if (k < node.args.length - 1) {
          out.write(', ');
          out.lineBreak(state);
        }
      });
      if (state.broke) out.indent--;
      out.write(')');
      return;
    }
    default:
      out.write(leafText(node));
  }
}

/**
 * The lines of R's `deparse()` of a two-sided formula: `y ~ x + (1 | war)` on one line, a longer
 * one broken after the operator where the line passes 60 characters.
 */
export function deparseLines(formula: string): string[] {
  const parsed = parseFormula(formula);
  const out = new DeparseBuffer();
  if (parsed.lhs === null) {
    out.write('~');
    deparseNode(parsed.rhs, out);
  } else {
    deparseBinary(parsed.lhs, '~', parsed.rhs, out);
  }
  out.writeLine();
  return out.lines;
}
