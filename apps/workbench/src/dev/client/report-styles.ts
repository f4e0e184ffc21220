/**
 * The report's own stylesheet, made to apply inside the app's shadow root exactly as it does in
 * the static HTML file. The report styles `:root`, `html` and `body`, which do not exist inside a
 * shadow root; their rules are moved to `:host` (the element holding the report), which the
 * report's elements inherit from as they would from `body`.
 */

const DOCUMENT_SELECTOR = /^(?::root|html|body)(?=$|[\s>+~])/;

/** Split a selector list at its top-level commas (not those inside `:is(...)` and the like). */
function splitSelectors(list: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < list.length; i++) {
    const c = list[i];
    if (c === '(' || c === '[') depth++;
    else if (c === ')' || c === ']') depth--;
    else if (c === ',' && depth === 0) {
      parts.push(list.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(list.slice(start));
  return parts.map((part) => part.trim());
}

/** `:root`, `html` and `body` at the start of each selector become `:host`. */
export function hostSelector(list: string): string {
  return splitSelectors(list)
    .map((selector) => selector.replace(DOCUMENT_SELECTOR, ':host'))
    .join(', ');
}

function rewriteRules(rules: CSSRuleList): void {
  for (const rule of rules) {
    if (rule instanceof CSSStyleRule) {
      const rewritten = hostSelector(rule.selectorText);
      if (rewritten !== rule.selectorText) rule.selectorText = rewritten;
    } else if (rule instanceof CSSGroupingRule) {
      rewriteRules(rule.cssRules);
    }
  }
}

/** A constructed stylesheet of `cssText` with its document selectors moved to `:host`. */
export function reportStyleSheet(cssText: string): CSSStyleSheet {
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(cssText);
  rewriteRules(sheet.cssRules);
  return sheet;
}

/**
 * Make the report's in-page links (contents, cross-references, footnotes) scroll to their target
 * inside the shadow root, which the browser's own fragment navigation cannot see into.
 */
export function scrollInPageLinks(root: ShadowRoot): void {
  root.addEventListener('click', (event) => {
    const link = (event.target as Element | null)?.closest?.('a[href^="#"]');
    if (!link) return;
    const id = decodeURIComponent((link.getAttribute('href') ?? '#').slice(1));
    const target = id === '' ? null : root.getElementById(id);
    if (!target) return;
    event.preventDefault();
    target.scrollIntoView({ block: 'start' });
    history.replaceState(null, '', `#${encodeURIComponent(id)}`);
  });
}
