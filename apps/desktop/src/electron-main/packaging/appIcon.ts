/**
 * The app icon, drawn in code so the repository needs no image editor and every size
 * is crisp: a round indigo badge (the theme's accent) with a white speech bubble and
 * three dots. `npm run icons -w @parley/desktop` writes the PNGs electron-builder uses
 * (build-resources/icon.png, and build-resources/icons/<N>x<N>.png for Linux); a test
 * checks the committed files match this code. Plain Node (zlib), no Electron import.
 */
import { crc32, deflateSync } from 'node:zlib';

export const ICON_SIZES = [16, 24, 32, 48, 64, 128, 256, 512] as const;

const ACCENT = [0x4f, 0x46, 0xe5] as const;
const WHITE = [0xff, 0xff, 0xff] as const;
/** Samples per pixel edge: 4×4 supersampling for smooth edges. */
const SS = 4;

/** What covers the point (x, y) in a unit square: 'bubble-dot' (accent), 'bubble' (white), 'badge' (accent) or nothing. */
function paintAt(x: number, y: number): readonly [number, number, number] | null {
  const inBadge = (x - 0.5) ** 2 + (y - 0.5) ** 2 <= 0.48 ** 2;
  if (!inBadge) return null;
  // The bubble: a rounded rectangle with a tail at the lower left.
  const [l, t, r, b, rad] = [0.24, 0.28, 0.76, 0.64, 0.09];
  const cx = Math.min(Math.max(x, l + rad), r - rad);
  const cy = Math.min(Math.max(y, t + rad), b - rad);
  const inRect = x >= l && x <= r && y >= t && y <= b && (x - cx) ** 2 + (y - cy) ** 2 <= rad ** 2;
  // Tail: the triangle (0.32,0.62) (0.46,0.62) (0.30,0.76).
  const inTail = y >= 0.62 && y <= 0.76 && x >= 0.3 + (0.32 - 0.3) * ((0.76 - y) / 0.14) && x <= 0.3 + (0.46 - 0.3) * ((0.76 - y) / 0.14);
  if (!inRect && !inTail) return ACCENT;
  for (const dx of [0.38, 0.5, 0.62]) if ((x - dx) ** 2 + (y - 0.46) ** 2 <= 0.045 ** 2) return ACCENT;
  return WHITE;
}

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])) >>> 0, 0);
  return Buffer.concat([head, data, crc]);
}

/** An RGBA PNG of the icon at `size`×`size`. Deterministic: same size, same bytes. */
export function renderIconPng(size: number): Buffer {
  const stride = size * 4 + 1;
  const raw = Buffer.alloc(stride * size);
  for (let py = 0; py < size; py++) {
    raw[py * stride] = 0; // filter: none
    for (let px = 0; px < size; px++) {
      let r = 0, g = 0, b = 0, a = 0;
      for (let sy = 0; sy < SS; sy++) {
        for (let sx = 0; sx < SS; sx++) {
          const c = paintAt((px + (sx + 0.5) / SS) / size, (py + (sy + 0.5) / SS) / size);
          if (!c) continue;
          r += c[0];
          g += c[1];
          b += c[2];
          a++;
        }
      }
      const o = py * stride + 1 + px * 4;
      // Colour averaged over covered samples (straight alpha), alpha = coverage.
      raw[o] = a ? Math.round(r / a) : 0;
      raw[o + 1] = a ? Math.round(g / a) : 0;
      raw[o + 2] = a ? Math.round(b / a) : 0;
      raw[o + 3] = Math.round((a / (SS * SS)) * 255);
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
}

/** The files electron-builder reads from the build resources folder, by relative path. */
export function iconFiles(): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  for (const size of ICON_SIZES) files.set(`icons/${size}x${size}.png`, renderIconPng(size));
  files.set('icon.png', renderIconPng(512));
  return files;
}
