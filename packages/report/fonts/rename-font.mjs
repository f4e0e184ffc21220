// Renames a TrueType font's family: rewrites the strings of its `name` table that contain the old
// family (in both spellings, "DejaVu Sans Mono" and the PostScript "DejaVuSansMono"), appends the new
// table at the end of the file and points the table directory at it. The PDF renderer embeds the
// renamed fonts so that no font installed on a machine can stand in for them (the Bitstream Vera
// licence of DejaVu also requires modified fonts to carry another name).
// Usage: node rename-font.mjs IN.ttf OUT.ttf "Old Family" "New Family"
import { readFileSync, writeFileSync } from 'node:fs';

const [input, output, oldFamily, newFamily] = process.argv.slice(2);
const font = readFileSync(input);
const numTables = font.readUInt16BE(4);
let nameEntry = -1;
for (let i = 0; i < numTables; i++) {
  if (font.toString('latin1', 12 + 16 * i, 16 + 16 * i) === 'name') nameEntry = 12 + 16 * i;
}
if (nameEntry < 0) throw new Error('no name table');
const tableOffset = font.readUInt32BE(nameEntry + 8);
const count = font.readUInt16BE(tableOffset + 2);
const storage = tableOffset + font.readUInt16BE(tableOffset + 4);
const spellings = [
  [oldFamily, newFamily],
  [oldFamily.replace(/ /g, ''), newFamily.replace(/ /g, '')],
];
const records = [];
for (let r = 0; r < count; r++) {
  const at = tableOffset + 6 + 12 * r;
  const [platform, encoding, language, nameId, length, offset] = [0, 2, 4, 6, 8, 10].map((k) =>
    font.readUInt16BE(at + k),
  );
  const bytes = font.subarray(storage + offset, storage + offset + length);
  const wide = platform === 3 || platform === 0;
  let text = wide ? Buffer.from(bytes).swap16().toString('utf16le') : bytes.toString('latin1');
  for (const [from, to] of spellings) text = text.split(from).join(to);
  const encoded = wide ? Buffer.from(text, 'utf16le').swap16() : Buffer.from(text, 'latin1');
  records.push({ platform, encoding, language, nameId, encoded });
}
const header = Buffer.alloc(6 + 12 * count);
header.writeUInt16BE(0, 0);
header.writeUInt16BE(count, 2);
header.writeUInt16BE(header.length, 4);
let offset = 0;
records.forEach((record, r) => {
  const fields = [
    record.platform,
    record.encoding,
    record.language,
    record.nameId,
    record.encoded.length,
    offset,
  ];
  for (let k = 0; k < fields.length; k++) header.writeUInt16BE(fields[k], 6 + 12 * r + 2 * k);
  offset += record.encoded.length;
});
const table = Buffer.concat([header, ...records.map((record) => record.encoded)]);
const start = Math.ceil(font.length / 4) * 4;
const padded = Buffer.alloc(Math.ceil(table.length / 4) * 4);
table.copy(padded);
let checksum = 0;
for (let i = 0; i < padded.length; i += 4) checksum = (checksum + padded.readUInt32BE(i)) >>> 0;
const out = Buffer.concat([font, Buffer.alloc(start - font.length), padded]);
out.writeUInt32BE(checksum, nameEntry + 4);
out.writeUInt32BE(start, nameEntry + 8);
out.writeUInt32BE(table.length, nameEntry + 12);
writeFileSync(output, out);
