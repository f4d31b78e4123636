/** `--host --port --data-dir`, the flags every peer server takes (the same as Parley's). */
import { parseArgs } from 'node:util';

export function peerArgs(): { host: string; port: number; dataDir: string } {
  const { values } = parseArgs({
    options: { host: { type: 'string', default: '127.0.0.1' }, port: { type: 'string', default: '0' }, 'data-dir': { type: 'string', default: './data' } },
  });
  return { host: values.host!, port: Number(values.port), dataDir: values['data-dir']! };
}
