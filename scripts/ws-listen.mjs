#!/usr/bin/env node
// Prints every frame a Parley WebSocket receives, one JSON object per line; used by the
// README walkthrough. Usage: node scripts/ws-listen.mjs "ws://localhost:8080/ws/feed?token=…"
// Optional: --send '<json>' sends one frame once the socket is open.
import WebSocket from 'ws';

const [url, flag, frame] = process.argv.slice(2);
if (!url || (flag && flag !== '--send')) {
  console.error('usage: node scripts/ws-listen.mjs <ws-url> [--send <json frame>]');
  process.exit(2);
}

const ws = new WebSocket(url);
ws.on('unexpected-response', (_req, res) => {
  console.error(`upgrade refused: HTTP ${res.statusCode}`);
  process.exit(1);
});
ws.on('open', () => {
  console.error(`connected to ${url.replace(/token=[^&]+/, 'token=…')}`);
  if (frame) ws.send(frame);
});
ws.on('message', (data) => console.log(data.toString()));
ws.on('close', (code, reason) => {
  console.error(`closed: ${code} ${reason.toString()}`);
  process.exit(0);
});
ws.on('error', (err) => {
  console.error(`error: ${err.message}`);
  process.exit(1);
});
