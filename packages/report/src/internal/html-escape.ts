/** Escape text for HTML content and double-quoted attributes. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (ch) =>
    ch === '&' ? '&amp;' : ch === '<' ? '&lt;' : ch === '>' ? '&gt;' : '&quot;',
  );
}

/** JSON safe inside a `<script>` element: no `<`, so no `</script>` or `<!--` can appear. */
export function scriptJson(value: unknown, indent?: number): string {
  return escapeScriptJson(JSON.stringify(value, null, indent));
}

/** Make JSON text safe inside a `<script>` element. */
export function escapeScriptJson(json: string): string {
  return json
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}
