// Rasterises web/site/icon.svg into the PNG icons the manifest names, so no binary icon is kept in the
// repository. Run by the build (cmake/Site.cmake):
//   node make_icons.mjs <icon.svg> <out-dir>
// writes icon-192.png, icon-512.png, icon-maskable-512.png and apple-touch-icon.png (180 px).
//
// icon.svg is kept to what this reads: a viewBox and <rect> elements (x, y, width, height, rx, fill as
// #rgb or #rrggbb, opacity); anything else in it is an error, so the PNGs never silently differ from the SVG.
// Maskable: the platform crops it to its own shape (circle, squircle…) and only the central 80 % circle
// is safe, so it is the icon scaled to 80 % on a full-bleed square of the icon's background colour.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';

const [svgPath, outDir] = process.argv.slice(2);
if (!svgPath || !outDir) {
  console.error('usage: node make_icons.mjs <icon.svg> <out-dir>');
  process.exit(2);
}

function parseIcon(text) {
  const viewBox = /viewBox="([^"]+)"/.exec(text);
  if (!viewBox) throw new Error(`${svgPath}: no viewBox`);
  const [, , width, height] = viewBox[1].trim().split(/[\s,]+/).map(Number);
  const elements = text.replace(/<\?xml[^>]*>/, '').match(/<[a-zA-Z][^>]*>/g) || [];
  const rects = [];
  for (const element of elements) {
    const name = /^<([a-zA-Z]+)/.exec(element)[1];
    if (name === 'svg') continue;
    if (name !== 'rect') throw new Error(`${svgPath}: <${name}> is not supported by make_icons.mjs (only <rect>)`);
    const attribute = (key, fallback) => {
      const match = new RegExp(`\\s${key}="([^"]*)"`).exec(element);
      return match ? match[1] : fallback;
    };
    let fill = attribute('fill', '#000000');
    if (/^#[0-9a-fA-F]{3}$/.test(fill)) fill = '#' + [...fill.slice(1)].map((c) => c + c).join('');
    if (!/^#[0-9a-fA-F]{6}$/.test(fill)) throw new Error(`${svgPath}: fill must be #rgb or #rrggbb in ${element}`);
    rects.push({
      x: Number(attribute('x', 0)), y: Number(attribute('y', 0)),
      width: Number(attribute('width')), height: Number(attribute('height')),
      radius: Number(attribute('rx', 0)), opacity: Number(attribute('opacity', 1)),
      colour: [1, 3, 5].map((i) => parseInt(fill.slice(i, i + 2), 16)),
    });
  }
  if (rects.length === 0) throw new Error(`${svgPath}: no <rect>`);
  return { width, height, rects };
}

// Is the point inside the rounded rectangle?
function inside(rect, x, y) {
  if (x < rect.x || y < rect.y || x > rect.x + rect.width || y > rect.y + rect.height) return false;
  const r = Math.min(rect.radius, rect.width / 2, rect.height / 2);
  const cx = Math.min(Math.max(x, rect.x + r), rect.x + rect.width - r);
  const cy = Math.min(Math.max(y, rect.y + r), rect.y + rect.height - r);
  return (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
}

// RGBA pixels, 4×4 samples per pixel for smooth edges. `scale` shrinks the icon about the centre;
// `background` (rgb) fills the whole square first.
function render(icon, size, { scale = 1, background = null } = {}) {
  const samples = 4;
  const pixels = new Float64Array(size * size * 4);
  const unit = icon.width / size / scale; // viewBox units per pixel
  const offset = (icon.width - icon.width / scale) / 2;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0, g = 0, b = 0, a = 0;
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          const x = offset + (px + (sx + 0.5) / samples) * unit;
          const y = offset + (py + (sy + 0.5) / samples) * unit;
          let cr = 0, cg = 0, cb = 0, ca = 0; // premultiplied "source over" compositing
          if (background) [cr, cg, cb, ca] = [...background, 1];
          for (const rect of icon.rects) {
            if (!inside(rect, x, y)) continue;
            const alpha = rect.opacity;
            cr = rect.colour[0] * alpha + cr * (1 - alpha);
            cg = rect.colour[1] * alpha + cg * (1 - alpha);
            cb = rect.colour[2] * alpha + cb * (1 - alpha);
            ca = alpha + ca * (1 - alpha);
          }
          r += cr; g += cg; b += cb; a += ca;
        }
      }
      const n = samples * samples, i = 4 * (py * size + px);
      pixels[i + 3] = a / n;
      if (a > 0) [pixels[i], pixels[i + 1], pixels[i + 2]] = [r / a, g / a, b / a]; // un-premultiply
    }
  }
  return Uint8Array.from(pixels, (v, i) => Math.round(i % 4 === 3 ? v * 255 : v));
}

// --- PNG (8-bit RGBA, no interlace) ---------------------------------------------------------------------

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(bytes) {
  let c = 0xffffffff;
  for (const byte of bytes) c = crcTable[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}
function encodePng(rgba, size) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // RGBA
  const rows = Buffer.alloc(size * (1 + 4 * size)); // each row: filter type 0, then the pixels
  for (let y = 0; y < size; y++) Buffer.from(rgba.buffer, 4 * size * y, 4 * size).copy(rows, y * (1 + 4 * size) + 1);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header), chunk('IDAT', deflateSync(rows, { level: 9 })), chunk('IEND', Buffer.alloc(0)),
  ]);
}

const icon = parseIcon(readFileSync(svgPath, 'utf8'));
const background = icon.rects[0].colour;
const outputs = [
  ['icon-192.png', 192, {}],
  ['icon-512.png', 512, {}],
  ['apple-touch-icon.png', 180, { scale: 0.86, background }], // iOS rounds corners itself; no transparency
  ['icon-maskable-512.png', 512, { scale: 0.8, background }],
];
for (const [name, size, options] of outputs) {
  writeFileSync(join(outDir, name), encodePng(render(icon, size, options), size));
}
