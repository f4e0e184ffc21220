/**
 * Compile one notebook cell (TypeScript) into a function that runs in the notebook's shared scope.
 *
 * esbuild strips the types (keeping every value import: verbatimModuleSyntax); acorn parses the
 * JavaScript; then, line by line where possible, top-level declarations become assignments to the
 * shared scope, imports become awaited dynamic imports resolved from the notebook's folder, and the
 * last expression statement is captured for display. The function body runs inside
 * `with (scope) { ... }`, so later cells see (and closures keep sharing) the names earlier cells
 * declared. Cells are parsed as strict module code (ES2022+, top-level await).
 */
import type * as Acorn from 'acorn';
import { generatedToOriginalLines } from './source-map.ts';

export const SCOPE = '__muster_scope';
export const IMPORT = '__muster_import';
export const OUT = '__muster_out';

export interface CompiledCell {
  /** A script evaluating to `async (scope, importer, out) => void`. */
  code: string;
  /** Names the cell declares at top level (sorted). */
  declared: string[];
  /** Identifiers the cell mentions anywhere (an over-approximation of what it uses; sorted). */
  references: string[];
  /** Module specifiers the cell imports (static and dynamic with a literal specifier). */
  imports: string[];
  /** Generated line -> cell source line (1-based; 0 = unmapped). */
  lines: number[];
}

export type CompileOutcome =
  | { ok: true; cell: CompiledCell }
  | { ok: false; name: string; message: string; line: number | null };

interface Edit {
  start: number;
  end: number;
  text: string;
}

type AnyNode = Acorn.Node & Record<string, unknown>;

/** Compile a code cell (`kind` code) or an inline expression (`kind` inline). */
export async function compileCell(
  source: string,
  kind: 'code' | 'inline',
): Promise<CompileOutcome> {
  const { transform } = await import('esbuild');
  const acorn = await import('acorn');
  const input = kind === 'inline' ? `(${source}\n);` : source;
  let js: string;
  let map: string;
  try {
    const result = await transform(input, {
      loader: 'ts',
      target: 'es2022',
      sourcemap: 'external',
      sourcefile: 'cell.ts',
      logLevel: 'silent',
      tsconfigRaw: { compilerOptions: { verbatimModuleSyntax: true } },
    });
    js = result.code;
    map = result.map;
  } catch (error) {
    const first = (error as { errors?: { text: string; location: { line: number } | null }[] })
      .errors?.[0];
    return {
      ok: false,
      name: 'SyntaxError',
      message: first ? first.text : String(error),
      line: first?.location ? first.location.line : null,
    };
  }
  const lines = generatedToOriginalLines((JSON.parse(map) as { mappings: string }).mappings);
  let program: Acorn.Program;
  try {
    program = acorn.parse(js, {
      ecmaVersion: 'latest',
      sourceType: 'module',
      allowAwaitOutsideFunction: true,
    });
  } catch (error) {
    const location = (error as { loc?: { line: number } }).loc;
    return {
      ok: false,
      name: 'SyntaxError',
      message: (error as Error).message,
      line: location ? lines[location.line] || null : null,
    };
  }

  const edits: Edit[] = [];
  const declared = new Set<string>();
  const imports = new Set<string>();
  const hoisted: string[] = [];
  const lineOf = (offset: number) => js.slice(0, offset).split('\n').length;

  for (const statement of program.body as AnyNode[]) {
    switch (statement.type) {
      case 'ImportDeclaration': {
        const node = statement as unknown as Acorn.ImportDeclaration;
        const specifier = String(node.source.value);
        imports.add(specifier);
        const attributes = importAttributes(js, node.attributes);
        const call = `await ${IMPORT}(${JSON.stringify(specifier)}${attributes})`;
        const parts: string[] = [];
        let namespace: string | null = null;
        for (const spec of node.specifiers) {
          declared.add(spec.local.name);
          if (spec.type === 'ImportNamespaceSpecifier') namespace = spec.local.name;
          else if (spec.type === 'ImportDefaultSpecifier')
            parts.push(`default: ${spec.local.name}`);
          else {
            const imported =
              spec.imported.type === 'Identifier'
                ? spec.imported.name
                : JSON.stringify(spec.imported.value);
            parts.push(imported === spec.local.name ? imported : `${imported}: ${spec.local.name}`);
          }
        }
        let text: string;
        if (namespace !== null && parts.length > 0) {
          text = `(${namespace} = ${call}, {${parts.join(', ')}} = ${namespace});`;
        } else if (namespace !== null) {
          text = `(${namespace} = ${call});`;
        } else if (parts.length > 0) {
          text = `({${parts.join(', ')}} = ${call});`;
        } else {
          text = `${call};`;
        }
        edits.push(replaceKeepingLines(js, node.start, node.end, text));
        break;
      }
      case 'ExportNamedDeclaration':
      case 'ExportDefaultDeclaration':
      case 'ExportAllDeclaration':
        return {
          ok: false,
          name: 'SyntaxError',
          message:
            'notebook cells cannot export; declare names with const, let, function or class instead',
          line: lines[lineOf(statement.start)] || null,
        };
      case 'VariableDeclaration': {
        const node = statement as unknown as Acorn.VariableDeclaration;
        for (const declarator of node.declarations) {
          for (const name of patternNames(declarator.id)) declared.add(name);
          if (declarator.init === null || declarator.init === undefined) {
            edits.push({ start: declarator.id.end, end: declarator.id.end, text: ' = undefined' });
          }
        }
        edits.push({ start: node.start, end: node.declarations[0].start, text: '(' });
        const last = js[node.end - 1] === ';' ? node.end - 1 : node.end;
        edits.push({ start: last, end: last, text: last === node.end ? ');' : ')' });
        break;
      }
      case 'FunctionDeclaration': {
        const node = statement as unknown as Acorn.FunctionDeclaration;
        if (node.id) {
          declared.add(node.id.name);
          hoisted.push(`${SCOPE}.${node.id.name} = ${node.id.name};`);
        }
        break;
      }
      case 'ClassDeclaration': {
        const node = statement as unknown as Acorn.ClassDeclaration;
        if (node.id) {
          declared.add(node.id.name);
          edits.push({ start: node.start, end: node.start, text: `${node.id.name} = ` });
          edits.push({ start: node.end, end: node.end, text: ';' });
        }
        break;
      }
      default:
        break;
    }
  }

  // Dynamic imports inside the cell go through the same resolver.
  const references = new Set<string>();
  walk(program as unknown as AnyNode, (node) => {
    if (node.type === 'Identifier') references.add(node.name as string);
    if (node.type === 'ImportExpression') {
      edits.push({ start: node.start, end: node.start + 'import'.length, text: IMPORT });
      const source = node.source as AnyNode;
      if (source.type === 'Literal' && typeof source.value === 'string') imports.add(source.value);
    }
  });

  const body = program.body as AnyNode[];
  const lastStatement = body[body.length - 1];
  if (lastStatement && lastStatement.type === 'ExpressionStatement') {
    const expression = lastStatement.expression as AnyNode;
    if (expression.type !== 'AssignmentExpression') {
      edits.push({ start: expression.start, end: expression.start, text: `${OUT}.value = (` });
      edits.push({ start: expression.end, end: expression.end, text: `), ${OUT}.shown = true` });
    }
  }

  // Apply edits front to back; insertions at one offset keep the order in which they were made.
  const ordered = edits.map((edit, index) => ({ ...edit, index }));
  ordered.sort((a, b) => a.start - b.start || a.end - b.end || a.index - b.index);
  let code = '';
  let position = 0;
  for (const edit of ordered) {
    code += js.slice(position, edit.start) + edit.text;
    position = Math.max(position, edit.end);
  }
  code += js.slice(position);
  const wrapped = `(async function (${SCOPE}, ${IMPORT}, ${OUT}) { with (${SCOPE}) { ${hoisted.join(' ')}${code}\n} })`;
  return {
    ok: true,
    cell: {
      code: wrapped,
      declared: [...declared].sort(),
      references: [...references].sort(),
      imports: [...imports].sort(),
      lines,
    },
  };
}

function replaceKeepingLines(js: string, start: number, end: number, text: string): Edit {
  const removed = js.slice(start, end).split('\n').length - 1;
  const added = text.split('\n').length - 1;
  return { start, end, text: text + '\n'.repeat(Math.max(0, removed - added)) };
}

function importAttributes(js: string, attributes: Acorn.ImportAttribute[] | undefined): string {
  if (!attributes || attributes.length === 0) return '';
  const entries = attributes.map((attribute) => js.slice(attribute.start, attribute.end));
  return `, { with: { ${entries.join(', ')} } }`;
}

function patternNames(pattern: Acorn.Pattern | null | undefined): string[] {
  if (!pattern) return [];
  switch (pattern.type) {
    case 'Identifier':
      return [pattern.name];
    case 'ObjectPattern':
      return pattern.properties.flatMap((property) =>
        property.type === 'RestElement'
          ? patternNames(property.argument)
          : patternNames(property.value),
      );
    case 'ArrayPattern':
      return pattern.elements.flatMap((element) => patternNames(element));
    case 'AssignmentPattern':
      return patternNames(pattern.left);
    case 'RestElement':
      return patternNames(pattern.argument);
    default:
      return [];
  }
}

/** Visit every node; skip identifiers that are property names or labels rather than references. */
function walk(node: AnyNode, visit: (node: AnyNode) => void): void {
  visit(node);
  for (const key of Object.keys(node)) {
    if (key === 'type' || key === 'start' || key === 'end') continue;
    if (!node.computed && key === 'property' && node.type === 'MemberExpression') continue;
    if (!node.computed && key === 'key' && isKeyed(node.type as string)) continue;
    if (key === 'label' || (key === 'imported' && node.type === 'ImportSpecifier')) continue;
    if (node.type === 'MetaProperty') continue;
    const child = node[key];
    if (Array.isArray(child)) {
      for (const item of child) if (isNode(item)) walk(item, visit);
    } else if (isNode(child)) {
      walk(child, visit);
    }
  }
}

function isKeyed(type: string): boolean {
  return type === 'Property' || type === 'MethodDefinition' || type === 'PropertyDefinition';
}

function isNode(value: unknown): value is AnyNode {
  return (
    value !== null &&
    typeof value === 'object' &&
    typeof (value as { type?: unknown }).type === 'string'
  );
}
