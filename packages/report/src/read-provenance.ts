import { inflateSync } from 'node:zlib';
import { MusterError } from '@muster/core/errors';
import type { ProvenanceManifest } from './types.ts';

/**
 * Read the provenance manifest embedded in a report: from the
 * `<script type="application/json" id="muster-provenance">` element of an HTML report, or from the
 * `muster-provenance.json` file attached to a PDF report (an embedded-file stream, inflated when
 * Flate-compressed).
 *
 * @param report - The report's bytes (HTML or PDF).
 * @returns The manifest.
 * @throws MusterError when the report carries no Muster manifest.
 * @example
 * ```ts
 * readProvenance(readFileSync('_out/demo.html')).notebook.path;
 * // => 'notebooks/demo.md'
 * ```
 */
export function readProvenance(report: Uint8Array): ProvenanceManifest {
  const bytes = Buffer.from(report.buffer, report.byteOffset, report.byteLength);
  const json =
    bytes.subarray(0, 5).toString('latin1') === '%PDF-'
      ? fromPdf(bytes)
      : fromHtml(bytes.toString('utf8'));
  let manifest: ProvenanceManifest;
  try {
    manifest = JSON.parse(json) as ProvenanceManifest;
  } catch {
    throw new MusterError(
      'readProvenance requires a valid JSON manifest; the embedded manifest does not parse',
    );
  }
  if (manifest.manifest !== 'muster-provenance/1') {
    throw new MusterError(
      `readProvenance requires a muster-provenance/1 manifest; received ${JSON.stringify(manifest.manifest)}`,
    );
  }
  return manifest;
}

function fromHtml(html: string): string {
  const match = /<script type="application\/json" id="muster-provenance">([\s\S]*?)<\/script>/.exec(
    html,
  );
  if (!match)
    throw new MusterError(
      'readProvenance requires a Muster report; this HTML has no muster-provenance manifest',
    );
  return match[1];
}

function fromPdf(pdf: Buffer): string {
  const text = pdf.toString('latin1');
  let at = 0;
  for (;;) {
    const marker = text.indexOf('/Type /EmbeddedFile', at);
    if (marker === -1) break;
    at = marker + 1;
    const objectStart = text.lastIndexOf(' obj', marker);
    const streamKeyword = text.indexOf('stream', marker);
    if (objectStart === -1 || streamKeyword === -1) continue;
    const dictionary = text.slice(objectStart, streamKeyword);
    const length = /\/Length (\d+)(?!\s+\d+\s+R)/.exec(dictionary);
    if (!length) continue;
    let dataStart = streamKeyword + 'stream'.length;
    if (text[dataStart] === '\r') dataStart += 1;
    if (text[dataStart] === '\n') dataStart += 1;
    let data = pdf.subarray(dataStart, dataStart + Number(length[1]));
    if (/\/Filter\s*\/FlateDecode/.test(dictionary)) {
      try {
        data = inflateSync(data);
      } catch {
        continue;
      }
    }
    const json = data.toString('utf8');
    if (json.includes('"muster-provenance/1"')) return json;
  }
  throw new MusterError(
    'readProvenance requires a Muster report; this PDF has no muster-provenance.json attachment',
  );
}
