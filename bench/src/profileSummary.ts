/**
 * `npm run bench:profiles -- <dir> [top]`: what each thread of a profiled run
 * (`npm run bench -- … --profile`) spent its time on. One line per V8 profile: busy,
 * idle and garbage-collection milliseconds; with `top`, the functions that used the
 * most self time. Profiles are named CPU.<date>.<time>.<pid>.<thread>.<seq>.cpuprofile,
 * thread 0 being a server's main thread.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const [dirArg, topArg] = process.argv.slice(2);
if (!dirArg) {
  console.error('usage: npm run bench:profiles -- <profiles dir> [top N functions]');
  process.exit(2);
}
// npm runs this in the bench workspace; a relative path means where the command was typed.
const dir = resolve(process.env.INIT_CWD ?? process.cwd(), dirArg);
const top = Number(topArg ?? 0);
const ms = (us: number) => (us / 1000).toFixed(0);

for (const file of readdirSync(dir).filter((name) => name.endsWith('.cpuprofile')).sort()) {
  const profile = JSON.parse(readFileSync(join(dir, file), 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  let busy = 0;
  let idle = 0;
  let gc = 0;
  const selfTime = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const us = profile.timeDeltas[i] ?? 0;
    const frame = byId.get(id)?.callFrame;
    if (!frame || frame.functionName === '(idle)') {
      idle += us;
      return;
    }
    busy += us;
    if (frame.functionName === '(garbage collector)') gc += us;
    const where = `${frame.functionName || '(anonymous)'} ${frame.url.split('/').slice(-2).join('/')}:${frame.lineNumber + 1}`;
    selfTime.set(where, (selfTime.get(where) ?? 0) + us);
  });
  console.log(`${file}  busy ${ms(busy)} ms  idle ${ms(idle)} ms  gc ${ms(gc)} ms`);
  for (const [where, us] of [...selfTime].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`  ${ms(us).padStart(7)} ms  ${where}`);
}
