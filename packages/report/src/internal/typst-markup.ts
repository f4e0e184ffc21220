import type { Token } from 'markdown-it';
import type { Reference, TokenMeta } from './prose-references.ts';
import { PLACEHOLDER_PATTERN } from './scan-inline.ts';
import { texToTypst } from './tex-to-typst.ts';

const CALLOUT_COLORS: Record<string, string> = {
  note: '#24527a',
  tip: '#2e7d32',
  important: '#6a3d9a',
  warning: '#9a5b00',
  caution: '#b3261e',
};
const CALLOUT_TITLES: Record<string, string> = {
  note: 'Note',
  tip: 'Tip',
  important: 'Important',
  warning: 'Warning',
  caution: 'Caution',
};

/** A Typst string literal. */
export function typstString(text: string): string {
  return `"${text
    .replace(/[\\"]/g, (ch) => `\\${ch}`)
    .replace(/\n/g, '\\n')
    .replace(/\r/g, '\\r')
    .replace(/\t/g, '\\t')}"`;
}

/**
 * Text as Typst markup that shows exactly these characters: every character with a meaning in
 * markup (`#`, `*`, `_`, `$`, `[`, `]`, `<`, `@`, `/`, `-`, `=`, ...) is escaped with a backslash.
 */
export function typstText(text: string): string {
  return text.replace(/[\\#*_$@<>[\]`~/=+-]/g, (ch) => `\\${ch}`);
}

/** What prose needs besides its tokens: inline values, labels, images, footnotes. */
export interface TypstProseContext {
  inlineText: (number: number) => string;
  /** Virtual paths of the images prose shows, by the path written in the Markdown. */
  images: Map<string, string>;
  /** Numbered equations by label. */
  labels: Map<string, Reference>;
  /** Footnote bodies (Typst markup) by number; a footnote is written once, then referred to. */
  footnoteBody: (number: number) => string;
  footnotesWritten: Set<number>;
}

/** Convert inline Markdown tokens into Typst markup. */
export function inlineToTypst(children: Token[], context: TypstProseContext): string {
  let text = '';
  let afterCall = false;
  const emit = (markup: string, isCall = false) => {
    // After a function call in markup, `[`, `(` and `.name` would continue the call and `;` would
    // be swallowed as its terminator: escape that first character.
    if (afterCall && /^[.([;<]/.test(markup)) markup = `\\${markup}`;
    text += markup;
    afterCall = isCall;
  };
  for (let i = 0; i < children.length; i += 1) {
    const child = children[i];
    const meta = (child.meta ?? {}) as TokenMeta;
    switch (child.type) {
      case 'text': {
        const parts = child.content.split(PLACEHOLDER_PATTERN);
        // split with a capture group: even indexes are text, odd are placeholder numbers.
        parts.forEach((part, partIndex) => {
          const value = partIndex % 2 === 0 ? part : context.inlineText(Number(part));
          if (value !== '') emit(typstText(value));
        });
        break;
      }
      case 'softbreak':
        emit(' ');
        break;
      case 'hardbreak':
        emit('#linebreak()', true);
        break;
      case 'code_inline':
        emit(`#raw(${typstString(child.content)})`, true);
        break;
      case 'em_open':
        emit('#emph[');
        break;
      case 'strong_open':
        emit('#strong[');
        break;
      case 's_open':
        emit('#strike[');
        break;
      case 'em_close':
      case 'strong_close':
      case 's_close':
      case 'link_close':
        emit(']', true);
        break;
      case 'link_open':
        emit(`#link(${typstString(String(child.attrGet('href') ?? ''))})[`);
        break;
      case 'math_inline':
        emit(`#math.equation(block: false, $${texToTypst(child.content)}$)`, true);
        break;
      case 'xref':
      case 'cite':
        if (meta.literal) {
          emit(typstText(meta.text ?? ''));
          break;
        }
        emit(
          meta.target
            ? `#link(label(${typstString(meta.target)}))[${typstText(meta.text ?? '')}]`
            : `#text(fill: rgb("#b3261e"))[${typstText(meta.text ?? '')}]`,
          true,
        );
        break;
      case 'footnote_ref': {
        const number = meta.number;
        if (number === null || number === undefined) {
          emit(typstText(`[^${meta.name ?? ''}]`));
        } else if (context.footnotesWritten.has(number)) {
          emit(`#footnote(label("fn-${number}"))`, true);
        } else {
          context.footnotesWritten.add(number);
          emit(`#footnote[${context.footnoteBody(number)}]<fn-${number}>`, false);
        }
        break;
      }
      case 'image': {
        const alt = (child.children ?? []).map((item) => item.content).join('');
        const src = String(child.attrGet('src') ?? '');
        const path = context.images.get(src);
        emit(
          path
            ? `#box(image(${typstString(path)}${alt ? `, alt: ${typstString(alt)}` : ''}))`
            : `#emph[${typstText(`[image not embedded: ${alt || src}]`)}]`,
          true,
        );
        break;
      }
      case 'html_inline':
        emit(typstText(child.content));
        break;
      default:
        if (child.content) emit(typstText(child.content));
    }
  }
  return text;
}

/** Convert Markdown tokens (from markdown-it) into Typst markup. */
export function markdownToTypst(tokens: Token[], context: TypstProseContext): string {
  const out: string[] = [];
  let index = 0;
  const inline = (children: Token[]) => inlineToTypst(children, context);

  const block = (stop: (token: Token) => boolean, indent: string): string[] => {
    const lines: string[] = [];
    while (index < tokens.length && !stop(tokens[index])) {
      const token = tokens[index];
      switch (token.type) {
        case 'heading_open': {
          const level = Number(token.tag.slice(1));
          const content = inline(tokens[index + 1].children ?? []);
          lines.push(`${indent}${'='.repeat(level)} ${content}`, '');
          index += 3;
          break;
        }
        case 'paragraph_open': {
          const content = inline(tokens[index + 1].children ?? []);
          lines.push(`${indent}${content}`);
          if (!token.hidden) lines.push('');
          index += 3;
          break;
        }
        case 'bullet_list_open':
        case 'ordered_list_open': {
          const marker = token.type === 'bullet_list_open' ? '-' : '+';
          const closeType = token.type.replace('_open', '_close');
          index += 1;
          while (tokens[index].type !== closeType) {
            // list_item_open
            index += 1;
            const itemLines = block((t) => t.type === 'list_item_close', `${indent}  `);
            index += 1;
            const first = itemLines.findIndex((line) => line.trim() !== '');
            if (first === -1) lines.push(`${indent}${marker}`);
            else {
              itemLines[first] = `${indent}${marker} ${itemLines[first].slice(indent.length + 2)}`;
              lines.push(...itemLines.slice(first).filter((line) => line.trim() !== ''));
            }
          }
          index += 1;
          lines.push('');
          break;
        }
        case 'blockquote_open': {
          index += 1;
          const inner = block((t) => t.type === 'blockquote_close', '');
          index += 1;
          lines.push(
            `${indent}#quote(block: true)[`,
            ...inner.map((line) => `${indent}  ${line}`),
            `${indent}]`,
            '',
          );
          break;
        }
        case 'fence':
        case 'code_block': {
          const lang = token.info.trim().split(/\s+/)[0] ?? '';
          const args = lang ? `, lang: ${typstString(lang)}` : '';
          lines.push(
            `${indent}#raw(block: true${args}, ${typstString(token.content.replace(/\n$/, ''))})`,
            '',
          );
          index += 1;
          break;
        }
        case 'hr':
          lines.push(`${indent}#line(length: 100%, stroke: 0.5pt + luma(180))`, '');
          index += 1;
          break;
        case 'table_open': {
          const header: string[] = [];
          const body: string[] = [];
          const align: string[] = [];
          let inHead = false;
          index += 1;
          while (tokens[index].type !== 'table_close') {
            const t = tokens[index];
            if (t.type === 'thead_open') inHead = true;
            if (t.type === 'thead_close') inHead = false;
            if (t.type === 'th_open' || t.type === 'td_open') {
              const style = String(t.attrGet('style') ?? '');
              if (inHead)
                align.push(
                  style.includes('right') ? 'right' : style.includes('center') ? 'center' : 'left',
                );
              const content = inline(tokens[index + 1].children ?? []);
              (inHead ? header : body).push(inHead ? `[#strong[${content}]]` : `[${content}]`);
              index += 3;
              continue;
            }
            index += 1;
          }
          index += 1;
          lines.push(
            `${indent}#align(center, table(columns: ${align.length}, align: (${align.join(', ')},), table.hline(stroke: 0.8pt), table.header(${header.join(', ')}), table.hline(stroke: 0.5pt), ${body.join(', ')}${body.length > 0 ? ', ' : ''}table.hline(stroke: 0.8pt)))`,
            '',
          );
          break;
        }
        case 'math_block': {
          const label = ((token.meta ?? {}) as TokenMeta).label ?? null;
          const reference = label ? context.labels.get(label) : undefined;
          const body = `$ ${texToTypst(token.content)} $`;
          lines.push(
            reference
              ? `${indent}#math.equation(block: true, numbering: (..) => "(${reference.number})", ${body}) <${label}>`
              : `${indent}#math.equation(block: true, ${body})`,
            '',
          );
          index += 1;
          break;
        }
        case 'callout_open': {
          const meta = (token.meta ?? {}) as TokenMeta;
          const type = meta.type ?? 'note';
          index += 1;
          const inner = block((t) => t.type === 'callout_close', '');
          index += 1;
          const color = CALLOUT_COLORS[type] ?? CALLOUT_COLORS.note;
          lines.push(
            `${indent}#block(width: 100%, breakable: false, stroke: (left: 2.5pt + rgb("${color}"), rest: 0.5pt + rgb("${color}")), inset: 8pt, radius: 2pt)[`,
            `${indent}  #text(weight: "bold", fill: rgb("${color}"), ${typstString(meta.title ?? CALLOUT_TITLES[type] ?? 'Note')})`,
            '',
            ...inner.map((line) => (line === '' ? '' : `${indent}  ${line}`)),
            `${indent}]`,
            '',
          );
          break;
        }
        case 'html_block':
          lines.push(`${indent}${typstText(token.content)}`, '');
          index += 1;
          break;
        default:
          index += 1;
      }
    }
    return lines;
  };

  out.push(...block(() => false, ''));
  return out.join('\n');
}
