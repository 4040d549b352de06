// Writes the Han characters Dear ImGui calls common, as code point ranges one a line ("0x4E00-0x4E01"),
// for subset_font.mjs: the union of GetGlyphRangesChineseSimplifiedCommon (2,500 characters of modern
// Chinese) and GetGlyphRangesJapanese (2,999: Jōyō and Jinmeiyō kanji), read from imgui_draw.cpp, where
// each is an array of accumulative offsets from U+4E00. Reading them from Dear ImGui's source rather than
// copying them keeps one list, chosen and sourced by its authors. Run by the build (cmake/Site.cmake):
//   node imgui_han_ranges.mjs <imgui_draw.cpp> <out.txt>
import { readFileSync, writeFileSync } from 'node:fs';

const [source, output] = process.argv.slice(2);
if (!source || !output) {
  console.error('usage: node imgui_han_ranges.mjs <imgui_draw.cpp> <out.txt>');
  process.exit(2);
}
const text = readFileSync(source, 'utf8');
const codePoints = new Set();
for (const name of ['GetGlyphRangesChineseSimplifiedCommon', 'GetGlyphRangesJapanese']) {
  const body = text.slice(text.indexOf(`ImFontAtlas::${name}()`));
  const table = /accumulative_offsets_from_0x4E00\[\]\s*=\s*\{([^}]*)\}/.exec(body);
  if (!table) throw new Error(`${source}: no accumulative_offsets_from_0x4E00 in ${name}`);
  let codePoint = 0x4e00;
  const offsets = table[1].split(',').map((n) => n.trim()).filter((n) => n !== '').map(Number);
  if (offsets.length < 2000 || offsets.some((n) => !Number.isInteger(n))) throw new Error(`${source}: ${name}'s table is not what it was`);
  for (const offset of offsets) codePoints.add((codePoint += offset));
}
const sorted = [...codePoints].sort((a, b) => a - b);
const lines = [];
for (let i = 0; i < sorted.length; ) {
  let j = i;
  while (j + 1 < sorted.length && sorted[j + 1] === sorted[j] + 1) j++;
  lines.push(`0x${sorted[i].toString(16).toUpperCase()}-0x${sorted[j].toString(16).toUpperCase()}`);
  i = j + 1;
}
writeFileSync(output, lines.join('\n') + '\n');
console.log(`imgui_han_ranges: ${sorted.length} Han characters in ${lines.length} ranges`);
