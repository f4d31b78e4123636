import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';

const rendererRoot = fileURLToPath(new URL('./src/renderer', import.meta.url));
const outDir = fileURLToPath(new URL('./dist/renderer', import.meta.url));

/**
 * The built renderer gets a strict Content-Security-Policy (Electron warns without one).
 * Only in builds: the dev server's React refresh preamble is an inline script.
 * Images may come from the Parley server (attachments), the bridge is a loopback socket.
 */
function contentSecurityPolicy(): Plugin {
  const policy = [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob: http: https:",
    "connect-src 'self' ws: wss:",
    "object-src 'none'",
    "base-uri 'none'",
  ].join('; ');
  return {
    name: 'parley-csp',
    apply: 'build',
    transformIndexHtml: (html) =>
      html.replace('<head>', `<head>\n    <meta http-equiv="Content-Security-Policy" content="${policy}" />`),
  };
}

// `base: './'` so the same build loads from file:// in Electron and from the web host.
// In dev, /bridge is proxied to a running web host (PARLEY_WEB_HOST=http://127.0.0.1:port).
export default defineConfig({
  root: rendererRoot,
  base: './',
  plugins: [react(), contentSecurityPolicy()],
  build: { outDir, emptyOutDir: true, sourcemap: true, target: 'es2022' },
  server: {
    host: '127.0.0.1',
    proxy: process.env.PARLEY_WEB_HOST
      ? { '/bridge': { target: process.env.PARLEY_WEB_HOST.replace(/^http/, 'ws'), ws: true } }
      : undefined,
  },
});
