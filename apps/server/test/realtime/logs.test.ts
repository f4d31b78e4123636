import { rm } from 'node:fs/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { connectUsers, makeTempDir, registerUser, spawnServerProcess } from '../harness.js';
import { connect, isType, wsUrl, type TestSocket } from './client.js';

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

describe('realtime logs (a real server process)', () => {
  it("writes the seed's connect/disconnect lines as JSON, never the token, and closes sockets with 1001 on SIGTERM", async () => {
    const dataDir = await makeTempDir('parley-ws-logs-');
    dirs.push(dataDir);
    const proc = await spawnServerProcess(['--port', '0', '--data-dir', dataDir, '--log-level', 'info']);
    let lingering: TestSocket | null = null;
    try {
      const [ann, ben] = await Promise.all([registerUser(proc.url, 'Ann'), registerUser(proc.url, 'Ben')]);
      await connectUsers(proc.url, ann, ben);
      const chat = await fetch(`${proc.url}/chats`, {
        method: 'POST',
        headers: { authorization: `Bearer ${ann.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ member_ids: [ben.id] }),
      }).then((r) => r.json() as Promise<{ id: number }>);
      const wsBase = proc.url.replace('http', 'ws');
      const s = await connect(wsUrl(wsBase, `/ws/messages/${chat.id}`, { token: ann.token }));
      const m = await connect(wsUrl(wsBase, '/ws', { token: ben.token }));
      m.send({ type: 'subscribe', channel: `messages/${chat.id}` });
      await m.waitFor(isType('subscribed'));
      await s.close();
      lingering = m;

      const expectLine = async (text: string) => {
        for (let i = 0; i < 100 && !proc.stdout().includes(text); i++) await new Promise((r) => setTimeout(r, 50));
        const line = proc.stdout().split('\n').find((l) => l.includes(text));
        expect(line, text).toBeDefined();
        expect(JSON.parse(line!)).toMatchObject({ level: 'info', msg: text });
      };
      await expectLine(`User ${ann.id} connected to messages_${chat.id} channel`);
      await expectLine(`User ${ann.id} disconnected from messages_${chat.id} channel`);
      await expectLine(`User ${ben.id} connected to ws channel`);
      await expectLine(`User ${ben.id} connected to messages_${chat.id} channel`);
      expect(proc.stdout()).not.toContain(ann.token);
      expect(proc.stdout()).not.toContain(ben.token);
    } finally {
      proc.child.kill('SIGTERM');
    }
    expect((await lingering!.closed).code).toBe(1001);
    expect((await proc.exited).code).toBe(0);
  });
});
