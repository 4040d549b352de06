// Writes a TrueType font that keeps only the glyphs of the given Unicode ranges, without hinting, so the
// app embeds about a fifth of DejaVu Sans. Run by the build (cmake/Site.cmake):
//   node subset_font.mjs [--compact] <in.ttf> <out.ttf> <first-last | @file>...   e.g. 0x20-0xFF @han.txt
// where a @file holds more ranges, one a line (the CJK font's Han characters: imgui_han_ranges.mjs).
//
// Glyph ids are kept as they are: dropped glyphs become empty (zero-length in `loca`), so `hmtx` and
// every glyph id stay valid and composite glyphs need no renumbering. With --compact the kept glyphs are
// numbered anew (in their old order) and `loca`/`hmtx` hold only them: for a font of which a small part is
// kept, a smaller file to hold in memory (the CJK font keeps 21,637 of 49,775 glyphs: 1.41 → 1.22 MB),
// though hardly a smaller download once compressed (the empty slots compress to almost nothing). Dear ImGui rasterises with
// stb_truetype, which reads cmap/head/hhea/hmtx/maxp/loca/glyf only and ignores hinting, so the hinting
// programs (fpgm, prep, cvt, per-glyph instructions), glyph names (post v2), kerning and OpenType layout
// tables are dropped. What must stay true: every code point in the ranges maps to the same glyph id with
// the same outline as in the input; the script checks this on its own output before it succeeds.
import { readFileSync, writeFileSync } from 'node:fs';

const compact = process.argv.includes('--compact');
const [input, output, ...args] = process.argv.slice(2).filter((arg) => arg !== '--compact');
if (!input || !output || args.length === 0) {
  console.error('usage: node subset_font.mjs [--compact] <in.ttf> <out.ttf> <first-last | @file>...');
  process.exit(2);
}
const rangeArgs = args.flatMap((arg) =>
  arg.startsWith('@') ? readFileSync(arg.slice(1), 'utf8').split(/\s+/).filter((line) => line !== '') : [arg]);
const ranges = rangeArgs.map((arg) => {
  const [first, last] = arg.split('-').map((n) => Number(n));
  if (!Number.isInteger(first) || !Number.isInteger(last) || first > last || last > 0xffff) {
    throw new Error(`bad range "${arg}": want first-last within the Basic Multilingual Plane`);
  }
  return [first, last];
});

// --- Reading ---------------------------------------------------------------------------------------------

function readTables(font) {
  const tables = new Map();
  const count = font.readUInt16BE(4);
  for (let i = 0; i < count; i++) {
    const record = 12 + 16 * i;
    const tag = font.toString('latin1', record, record + 4);
    const offset = font.readUInt32BE(record + 8);
    const length = font.readUInt32BE(record + 12);
    tables.set(tag, font.subarray(offset, offset + length));
  }
  for (const tag of ['cmap', 'head', 'hhea', 'hmtx', 'maxp', 'loca', 'glyf']) {
    if (!tables.has(tag)) throw new Error(`${input}: no '${tag}' table`);
  }
  return tables;
}

function glyphOffsets(tables) {
  const glyphCount = tables.get('maxp').readUInt16BE(4);
  const longOffsets = tables.get('head').readInt16BE(50) === 1;
  const loca = tables.get('loca');
  const offsets = new Array(glyphCount + 1);
  for (let i = 0; i <= glyphCount; i++) {
    offsets[i] = longOffsets ? loca.readUInt32BE(4 * i) : 2 * loca.readUInt16BE(2 * i);
  }
  return offsets;
}

// Maps code point → glyph id through the best Unicode subtable (format 12, else format 4).
function readCharacterMap(cmap) {
  const subtables = [];
  for (let i = 0; i < cmap.readUInt16BE(2); i++) {
    const platform = cmap.readUInt16BE(4 + 8 * i);
    const encoding = cmap.readUInt16BE(6 + 8 * i);
    const offset = cmap.readUInt32BE(8 + 8 * i);
    const unicode = platform === 0 || (platform === 3 && (encoding === 1 || encoding === 10));
    if (unicode) subtables.push({ format: cmap.readUInt16BE(offset), offset });
  }
  const chosen = subtables.find((s) => s.format === 12) || subtables.find((s) => s.format === 4);
  if (!chosen) throw new Error(`${input}: no Unicode cmap subtable of format 4 or 12`);
  const map = new Map();
  const at = chosen.offset;
  if (chosen.format === 12) {
    for (let i = 0; i < cmap.readUInt32BE(at + 12); i++) {
      const group = at + 16 + 12 * i;
      const first = cmap.readUInt32BE(group), last = cmap.readUInt32BE(group + 4), glyph = cmap.readUInt32BE(group + 8);
      for (let c = first; c <= last && c <= 0xffff; c++) map.set(c, glyph + c - first);
    }
    return map;
  }
  const segments = cmap.readUInt16BE(at + 6) / 2;
  const ends = at + 14, starts = ends + 2 * segments + 2; // + 2: reservedPad
  const deltas = starts + 2 * segments, rangeOffsets = deltas + 2 * segments;
  for (let s = 0; s < segments; s++) {
    const end = cmap.readUInt16BE(ends + 2 * s), start = cmap.readUInt16BE(starts + 2 * s);
    const delta = cmap.readInt16BE(deltas + 2 * s), rangeOffset = cmap.readUInt16BE(rangeOffsets + 2 * s);
    for (let c = start; c <= end && c !== 0xffff; c++) {
      let glyph;
      if (rangeOffset === 0) glyph = (c + delta) & 0xffff;
      else {
        glyph = cmap.readUInt16BE(rangeOffsets + 2 * s + rangeOffset + 2 * (c - start));
        if (glyph !== 0) glyph = (glyph + delta) & 0xffff;
      }
      if (glyph !== 0) map.set(c, glyph);
    }
  }
  return map;
}

// A glyph's outline without its hinting instructions, and the glyphs it is composed of.
function parseGlyph(data) {
  if (data.length === 0) return { outline: data, components: [] };
  const contours = data.readInt16BE(0);
  if (contours >= 0) {
    const instructionsAt = 10 + 2 * contours;
    const instructionLength = data.readUInt16BE(instructionsAt);
    const pointsAt = instructionsAt + 2 + instructionLength;
    const pointCount = contours === 0 ? 0 : data.readUInt16BE(instructionsAt - 2) + 1;
    // Flags (with repeats), then x and y coordinates whose sizes the flags give.
    let p = pointsAt, xBytes = 0, yBytes = 0;
    for (let point = 0; point < pointCount; ) {
      const flag = data[p++];
      const repeat = flag & 0x08 ? data[p++] + 1 : 1;
      xBytes += repeat * (flag & 0x02 ? 1 : flag & 0x10 ? 0 : 2);
      yBytes += repeat * (flag & 0x04 ? 1 : flag & 0x20 ? 0 : 2);
      point += repeat;
    }
    const end = p + xBytes + yBytes;
    const outline = Buffer.concat([data.subarray(0, instructionsAt), Buffer.alloc(2), data.subarray(pointsAt, end)]);
    return { outline, components: [] };
  }
  const components = [];
  let p = 10, flags, flagsAt;
  do {
    flagsAt = p;
    flags = data.readUInt16BE(p);
    components.push(data.readUInt16BE(p + 2));
    p += 4 + (flags & 0x0001 ? 4 : 2) + (flags & 0x0008 ? 2 : flags & 0x0040 ? 4 : flags & 0x0080 ? 8 : 0);
  } while (flags & 0x0020);
  const outline = Buffer.from(data.subarray(0, p)); // the instructions after the last component are dropped
  outline.writeUInt16BE(flags & ~0x0100, flagsAt); // WE_HAVE_INSTRUCTIONS
  return { outline, components };
}

// A copy of a glyph's outline whose components (if it is composite) have the glyph ids `idOf` gives.
function renumberComponents(outline, idOf) {
  if (outline.length === 0 || outline.readInt16BE(0) >= 0) return outline;
  const copy = Buffer.from(outline);
  let p = 10, flags;
  do {
    flags = copy.readUInt16BE(p);
    copy.writeUInt16BE(idOf.get(copy.readUInt16BE(p + 2)), p + 2);
    p += 4 + (flags & 0x0001 ? 4 : 2) + (flags & 0x0008 ? 2 : flags & 0x0040 ? 4 : flags & 0x0080 ? 8 : 0);
  } while (flags & 0x0020);
  return copy;
}

// [advance width, left side bearing] of glyph `id` in `hmtx` with `metricCount` long metrics.
function metrics(hmtx, metricCount, id) {
  if (id < metricCount) return [hmtx.readUInt16BE(4 * id), hmtx.readInt16BE(4 * id + 2)];
  return [hmtx.readUInt16BE(4 * (metricCount - 1)), hmtx.readInt16BE(4 * metricCount + 2 * (id - metricCount))];
}

// --- Writing ---------------------------------------------------------------------------------------------

// cmap with one format-4 subtable (all kept code points are in the BMP), for Unicode and Windows.
function writeCharacterMap(map) {
  const codes = [...map.keys()].sort((a, b) => a - b);
  const segments = []; // runs of consecutive code points with consecutive glyph ids
  for (const code of codes) {
    const last = segments[segments.length - 1];
    if (last && code === last.end + 1 && map.get(code) - code === last.delta) last.end = code;
    else segments.push({ start: code, end: code, delta: map.get(code) - code });
  }
  segments.push({ start: 0xffff, end: 0xffff, delta: 1 });
  const n = segments.length;
  const length = 16 + 8 * n;
  const sub = Buffer.alloc(length);
  const searchRange = 2 * 2 ** Math.floor(Math.log2(n));
  sub.writeUInt16BE(4, 0);
  sub.writeUInt16BE(length, 2);
  sub.writeUInt16BE(2 * n, 6);
  sub.writeUInt16BE(searchRange, 8);
  sub.writeUInt16BE(Math.log2(searchRange / 2), 10);
  sub.writeUInt16BE(2 * n - searchRange, 12);
  segments.forEach((s, i) => {
    sub.writeUInt16BE(s.end, 14 + 2 * i);
    sub.writeUInt16BE(s.start, 16 + 2 * n + 2 * i);
    sub.writeUInt16BE((s.delta + 0x10000) & 0xffff, 16 + 4 * n + 2 * i);
    // idRangeOffset stays 0: glyph = code + delta.
  });
  const header = Buffer.alloc(4 + 8 * 2);
  header.writeUInt16BE(2, 2);
  [[0, 3], [3, 1]].forEach(([platform, encoding], i) => {
    header.writeUInt16BE(platform, 4 + 8 * i);
    header.writeUInt16BE(encoding, 6 + 8 * i);
    header.writeUInt32BE(header.length, 8 + 8 * i);
  });
  return Buffer.concat([header, sub]);
}

function checksum(data) {
  const padded = Buffer.concat([data, Buffer.alloc((4 - (data.length % 4)) % 4)]);
  let sum = 0;
  for (let i = 0; i < padded.length; i += 4) sum = (sum + padded.readUInt32BE(i)) >>> 0;
  return sum;
}

function writeFont(tables) {
  const tags = [...tables.keys()].sort();
  const count = tags.length;
  const searchRange = 16 * 2 ** Math.floor(Math.log2(count));
  const header = Buffer.alloc(12 + 16 * count);
  header.writeUInt32BE(0x00010000, 0);
  header.writeUInt16BE(count, 4);
  header.writeUInt16BE(searchRange, 6);
  header.writeUInt16BE(Math.log2(searchRange / 16), 8);
  header.writeUInt16BE(16 * count - searchRange, 10);
  const parts = [header];
  let offset = header.length;
  let headOffset = 0;
  tags.forEach((tag, i) => {
    const data = tables.get(tag);
    const record = 12 + 16 * i;
    header.write(tag, record, 'latin1');
    header.writeUInt32BE(checksum(data), record + 4);
    header.writeUInt32BE(offset, record + 8);
    header.writeUInt32BE(data.length, record + 12);
    if (tag === 'head') headOffset = offset;
    const padding = Buffer.alloc((4 - (data.length % 4)) % 4);
    parts.push(data, padding);
    offset += data.length + padding.length;
  });
  const font = Buffer.concat(parts);
  font.writeUInt32BE((0xb1b0afba - checksum(font)) >>> 0, headOffset + 8);
  return font;
}

// --- Subsetting --------------------------------------------------------------------------------------------

function subset(font) {
  const tables = readTables(font);
  const offsets = glyphOffsets(tables);
  const glyf = tables.get('glyf');
  const glyphData = (id) => glyf.subarray(offsets[id], offsets[id + 1]);
  const characterMap = readCharacterMap(tables.get('cmap'));

  const keptMap = new Map();
  for (const [first, last] of ranges) {
    for (let c = first; c <= last; c++) if (characterMap.has(c)) keptMap.set(c, characterMap.get(c));
  }
  const kept = new Set([0, ...keptMap.values()]); // glyph 0 is .notdef
  for (const id of [...kept]) {
    const stack = [id];
    while (stack.length) {
      for (const component of parseGlyph(glyphData(stack.pop())).components) {
        if (!kept.has(component)) {
          kept.add(component);
          stack.push(component);
        }
      }
    }
  }

  const glyphCount = offsets.length - 1;
  // The input's glyph id of each output glyph id: all of them, or with --compact the kept ones only.
  const originalOf = compact ? [...kept].sort((x, y) => x - y) : [...Array(glyphCount).keys()];
  const newIdOf = new Map(originalOf.map((old, id) => [old, id]));
  for (const [c, old] of keptMap) keptMap.set(c, newIdOf.get(old));
  const outlines = [];
  const newOffsets = [0];
  originalOf.forEach((old, id) => {
    const outline = kept.has(old) ? renumberComponents(parseGlyph(glyphData(old)).outline, newIdOf) : Buffer.alloc(0);
    const padded = Buffer.concat([outline, Buffer.alloc(outline.length % 2)]); // short loca needs even offsets
    outlines.push(padded);
    newOffsets.push(newOffsets[id] + padded.length);
  });
  const newGlyf = Buffer.concat(outlines);
  const longOffsets = newGlyf.length > 0x1fffe;
  const loca = Buffer.alloc((originalOf.length + 1) * (longOffsets ? 4 : 2));
  newOffsets.forEach((o, i) => (longOffsets ? loca.writeUInt32BE(o, 4 * i) : loca.writeUInt16BE(o / 2, 2 * i)));

  const head = Buffer.from(tables.get('head'));
  head.writeUInt32BE(0, 8); // checkSumAdjustment, set over the whole file last
  head.writeInt16BE(longOffsets ? 1 : 0, 50);
  const maxp = Buffer.from(tables.get('maxp'));
  if (maxp.readUInt32BE(0) === 0x00010000) maxp.writeUInt16BE(0, 26); // maxSizeOfInstructions
  const metricCount = tables.get('hhea').readUInt16BE(34);
  const hhea = Buffer.from(tables.get('hhea'));
  let hmtx;
  if (compact) {
    // Every kept glyph's own metrics, all long (numberOfHMetrics = the glyph count).
    hmtx = Buffer.alloc(4 * originalOf.length);
    originalOf.forEach((old, id) => {
      const [advance, bearing] = metrics(tables.get('hmtx'), metricCount, old);
      hmtx.writeUInt16BE(advance, 4 * id);
      hmtx.writeInt16BE(bearing, 4 * id + 2);
    });
    hhea.writeUInt16BE(originalOf.length, 34);
    maxp.writeUInt16BE(originalOf.length, 4);
  } else {
    // Dropped glyphs keep their slot in hmtx but get zero metrics, which compresses to almost nothing.
    hmtx = Buffer.from(tables.get('hmtx'));
    for (let id = 0; id < glyphCount; id++) {
      if (kept.has(id)) continue;
      if (id < metricCount) hmtx.writeUInt32BE(0, 4 * id);
      else hmtx.writeInt16BE(0, 4 * metricCount + 2 * (id - metricCount));
    }
  }
  const post = Buffer.from(tables.get('post').subarray(0, 32));
  post.writeUInt32BE(0x00030000, 0); // version 3: no glyph names

  const out = new Map([
    ['cmap', writeCharacterMap(keptMap)], ['glyf', newGlyf], ['head', head], ['hhea', hhea],
    ['hmtx', hmtx], ['loca', loca], ['maxp', maxp], ['post', post],
  ]);
  for (const tag of ['OS/2', 'name']) if (tables.has(tag)) out.set(tag, tables.get(tag)); // name: the licence
  return { font: writeFont(out), keptMap, keptGlyphs: kept.size, glyphCount, originalOf };
}

// Every kept code point has the same glyph (the same id, or with --compact the one `originalOf` says),
// outline and advance width as in the input, components included.
function verify(original, result, originalOf) {
  const a = readTables(original), b = readTables(result);
  const aOffsets = glyphOffsets(a), bOffsets = glyphOffsets(b);
  const aMap = readCharacterMap(a.get('cmap')), bMap = readCharacterMap(b.get('cmap'));
  const outline = (tables, offsets, id) =>
    parseGlyph(tables.get('glyf').subarray(offsets[id], offsets[id + 1])).outline;
  const advance = (tables, id) => metrics(tables.get('hmtx'), tables.get('hhea').readUInt16BE(34), id)[0];
  const backToOriginal = new Map(originalOf.map((old, id) => [id, old]));
  for (const [first, last] of ranges) {
    for (let c = first; c <= last; c++) {
      const want = aMap.get(c), got = bMap.get(c);
      if (want !== (got === undefined ? undefined : originalOf[got])) {
        throw new Error(`U+${c.toString(16)}: glyph ${got}, want the input's ${want}`);
      }
      if (want === undefined) continue;
      const stack = [[want, got]];
      while (stack.length) {
        const [old, id] = stack.pop();
        const wanted = outline(a, aOffsets, old), drawn = outline(b, bOffsets, id);
        if (!wanted.equals(renumberComponents(drawn, backToOriginal)) || advance(a, old) !== advance(b, id)) {
          throw new Error(`U+${c.toString(16)}: glyph ${old} differs after subsetting`);
        }
        const components = parseGlyph(drawn).components;
        parseGlyph(wanted).components.forEach((component, i) => stack.push([component, components[i]]));
      }
    }
  }
}

const original = readFileSync(input);
const result = subset(original);
verify(original, result.font, result.originalOf);
writeFileSync(output, result.font);
console.log(`subset_font: ${result.keptMap.size} code points, ${result.keptGlyphs} of ${result.glyphCount} glyphs, ` +
            `${original.length} → ${result.font.length} bytes`);
