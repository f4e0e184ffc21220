import ts from 'typescript';

/** An output comment of an example: the statement's value must print as `expected`. */
export interface ExpectedOutput {
  /** 1-based line of the `// =>` within the block. */
  line: number;
  /** The text after `// =>` (continued on later comment lines while brackets are open). */
  expected: string;
}

/** The runnable form of an example block. */
export interface ExampleProgram {
  /** JavaScript for an async function body taking `__modules`, `__check` and the scope names. */
  body: string;
  /** Module specifiers the block imports. */
  imports: string[];
  outputs: ExpectedOutput[];
}

const OUTPUT = /\/\/\s*=>\s?(.*)$/;

function balance(text: string): number {
  let depth = 0;
  let quote: string | null = null;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote !== null) {
      if (c === '\\') i++;
      else if (c === quote) quote = null;
    } else if (c === "'" || c === '"' || c === '`') quote = c;
    else if ('([{'.includes(c)) depth++;
    else if (')]}'.includes(c)) depth--;
  }
  return depth;
}

/** The `// =>` comments of a block, each with the 0-based line it belongs to. */
function outputComments(lines: string[]): { line: number; expected: string; own: boolean }[] {
  const out: { line: number; expected: string; own: boolean }[] = [];
  for (let i = 0; i < lines.length; i++) {
    const match = OUTPUT.exec(lines[i]!);
    if (!match) continue;
    let expected = match[1]!.trim();
    const own = lines[i]!.slice(0, match.index).trim() === '';
    const first = i;
    while (balance(expected) > 0 && /^\s*\/\/(?!\s*=>)/.test(lines[i + 1] ?? '')) {
      i++;
      expected += ` ${lines[i]!.replace(/^\s*\/\/\s?/, '').trim()}`;
    }
    out.push({ line: first, expected, own });
  }
  return out;
}

/** Imports become destructuring of `__modules[specifier]`; type-only imports disappear. */
function importReplacement(node: ts.ImportDeclaration, imports: string[]): string {
  const specifier = (node.moduleSpecifier as ts.StringLiteral).text;
  const clause = node.importClause;
  if (clause === undefined || clause.isTypeOnly) return '';
  if (!imports.includes(specifier)) imports.push(specifier);
  const source = `__modules[${JSON.stringify(specifier)}]`;
  const parts: string[] = [];
  if (clause.name) parts.push(`const ${clause.name.text} = ${source}.default;`);
  const bindings = clause.namedBindings;
  if (bindings && ts.isNamespaceImport(bindings))
    parts.push(`const ${bindings.name.text} = ${source};`);
  if (bindings && ts.isNamedImports(bindings)) {
    const names = bindings.elements
      .filter((e) => !e.isTypeOnly)
      .map((e) => (e.propertyName ? `${e.propertyName.text}: ${e.name.text}` : e.name.text));
    if (names.length > 0) parts.push(`const { ${names.join(', ')} } = ${source};`);
  }
  return parts.join(' ');
}

/**
 * Turn an example block into a program: imports read from the modules given, and every statement
 * followed by `// => value` (on its line, or on the next line) checked against that value.
 */
export function exampleProgram(code: string): ExampleProgram {
  const source = ts.createSourceFile('example.ts', code, ts.ScriptTarget.ES2022, true);
  const lines = code.split('\n');
  const lineOf = (pos: number) => source.getLineAndCharacterOfPosition(pos).line;
  const edits: { start: number; end: number; text: string }[] = [];
  const imports: string[] = [];
  for (const statement of source.statements) {
    if (ts.isImportDeclaration(statement)) {
      edits.push({
        start: statement.getStart(),
        end: statement.end,
        text: importReplacement(statement, imports),
      });
    }
  }
  const outputs: ExpectedOutput[] = [];
  for (const comment of outputComments(lines)) {
    const candidates = source.statements.filter((s) =>
      comment.own ? lineOf(s.end) < comment.line : lineOf(s.end) === comment.line,
    );
    const statement = candidates.at(-1);
    if (statement === undefined) {
      throw new Error(`line ${comment.line + 1}: no statement before '// =>'`);
    }
    const index = outputs.length;
    outputs.push({ line: comment.line + 1, expected: comment.expected });
    edits.push(checkEdit(statement, index, source));
  }
  let text = code;
  for (const edit of edits.sort((a, b) => b.start - a.start)) {
    text = text.slice(0, edit.start) + edit.text + text.slice(edit.end);
  }
  const js = ts.transpileModule(text, {
    compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext },
  }).outputText;
  return { body: js.replace(/^export \{\};?\s*$/m, ''), imports, outputs };
}

/** Wrap an expression statement in `__check`, or check the variable a declaration binds. */
function checkEdit(
  statement: ts.Statement,
  index: number,
  source: ts.SourceFile,
): { start: number; end: number; text: string } {
  if (ts.isExpressionStatement(statement)) {
    const expression = statement.expression.getText(source);
    return {
      start: statement.getStart(),
      end: statement.end,
      text: `await __check(${index}, (${expression}));`,
    };
  }
  if (ts.isVariableStatement(statement)) {
    const last = statement.declarationList.declarations.at(-1)!;
    if (ts.isIdentifier(last.name)) {
      return {
        start: statement.end,
        end: statement.end,
        text: ` await __check(${index}, ${last.name.text});`,
      };
    }
  }
  throw new Error(
    `'// =>' must follow an expression or a declaration: ${statement.getText(source)}`,
  );
}
