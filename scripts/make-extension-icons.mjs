// Writes the extension's toolbar and store icons (PNG, RGBA) into the folder given as the first
// argument: icon-16.png, icon-32.png, icon-48.png and icon-128.png. No dependencies: the pixels
// are drawn here (4x4 supersampled) and the PNG is written with node:zlib.
//
// The picture: an envelope (white) on a rounded blue square, with a green check mark.
//   node scripts/make-extension-icons.mjs dist/extension/icons

import { deflateSync } from "node:zlib";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const SIZES = [16, 32, 48, 128];
const SS = 4; // supersampling per axis

const CRC_TABLE = new Uint32Array(256).map((_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buf) {
  let c = 0xffffffff;
  for (const byte of buf) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, "ascii");
  data.copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

/** A PNG file from RGBA pixels (width * height * 4 bytes). */
export function encodePng(width, height, rgba) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // colour type RGBA
  const raw = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (width * 4 + 1)] = 0; // filter: none
    rgba.copy(raw, y * (width * 4 + 1) + 1, y * width * 4, (y + 1) * width * 4);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", ihdr),
    chunk("IDAT", deflateSync(raw, { level: 9 })),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

const BLUE = [31, 99, 204];
const WHITE = [255, 255, 255];
const GREEN = [34, 160, 80];

function distToSegment(px, py, ax, ay, bx, by) {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

/** The colour at (x, y) in a unit square, or null for transparent. */
function shade(x, y) {
  // Rounded square background.
  const r = 0.2;
  const cx = Math.min(Math.max(x, r), 1 - r);
  const cy = Math.min(Math.max(y, r), 1 - r);
  if (Math.hypot(x - cx, y - cy) > r) return null;
  // Check mark (drawn over the envelope's lower right).
  const stroke = 0.075;
  if (distToSegment(x, y, 0.56, 0.7, 0.67, 0.81) < stroke || distToSegment(x, y, 0.67, 0.81, 0.88, 0.56) < stroke) return GREEN;
  // Envelope: white body with the flap's V in blue.
  const left = 0.14;
  const right = 0.86;
  const top = 0.26;
  const bottom = 0.74;
  if (x >= left && x <= right && y >= top && y <= bottom) {
    if (distToSegment(x, y, left, top, 0.5, 0.52) < 0.035 || distToSegment(x, y, 0.5, 0.52, right, top) < 0.035) return BLUE;
    return WHITE;
  }
  return BLUE;
}

export function drawIcon(size) {
  const rgba = Buffer.alloc(size * size * 4);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0;
      for (let sy = 0; sy < SS; sy++) {
        for (let sx = 0; sx < SS; sx++) {
          const c = shade((x + (sx + 0.5) / SS) / size, (y + (sy + 0.5) / SS) / size);
          if (!c) continue;
          r += c[0];
          g += c[1];
          b += c[2];
          a += 1;
        }
      }
      const i = (y * size + x) * 4;
      if (a > 0) {
        rgba[i] = Math.round(r / a);
        rgba[i + 1] = Math.round(g / a);
        rgba[i + 2] = Math.round(b / a);
        rgba[i + 3] = Math.round((255 * a) / (SS * SS));
      }
    }
  }
  return encodePng(size, size, rgba);
}

const outDir = process.argv[2];
if (!outDir) {
  console.error("usage: node scripts/make-extension-icons.mjs OUT_DIR");
  process.exit(2);
}
mkdirSync(outDir, { recursive: true });
for (const size of SIZES) writeFileSync(join(outDir, `icon-${size}.png`), drawIcon(size));
