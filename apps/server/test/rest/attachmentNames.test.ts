/**
 * The name a file was uploaded under (`X-Filename`, cleaned) reaches every member of the
 * chat, not only the uploader: the upload answer, the live `new_message`, history, a
 * resume replay, the event log and the chat list all carry `attachment_name` and
 * `attachment_size`, and the file downloads under that name. Runs on SQLite and
 * (server-postgres project) PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, connectUsers, registerUser, startTestServer, type TestServer, type TestUser } from '../harness.js';
import { isType, type TestSocket } from '../realtime/client.js';
import { closeAll, open } from '../realtime/fixtures.js';

let srv: TestServer;
let ann: TestUser;
let ben: TestUser;
let chatId: number;
const sockets: TestSocket[] = [];

beforeAll(async () => {
  srv = await startTestServer();
  [ann, ben] = (await Promise.all(['Ann', 'Ben'].map((n) => registerUser(srv.url, n)))) as [TestUser, TestUser];
  await connectUsers(srv.url, ann, ben);
  chatId = (await api(srv.url, ann.token).post('/chats', { member_ids: [ben.id] })).body.id;
});
afterAll(async () => {
  await closeAll(sockets);
  await srv?.close();
});

const NAME = 'Quarterly report – März.txt';
const BYTES = Buffer.from('revenue up\n'.repeat(300));

describe('attachment names for every member', () => {
  it('carries the uploaded name and size from upload to message, live, history, replay and download', async () => {
    const live = await open(srv, ben, `messages/${chatId}`);
    sockets.push(live);

    const uploaded = await api(srv.url, ann.token).request('POST', '/upload', {
      body: BYTES,
      headers: { 'content-type': 'text/plain', 'x-filename': encodeURIComponent(`C:\\Users\\ann\\${NAME}`) },
    });
    expect(uploaded.status).toBe(201);
    // The directory part is dropped; the rest is what people see.
    expect(uploaded.body).toMatchObject({ name: NAME, size: BYTES.length, content_type: 'text/plain' });
    const url = uploaded.body.url as string;

    const sent = await api(srv.url, ann.token).post(`/chats/${chatId}/messages`, { content: 'numbers', attachment: url });
    expect(sent.status).toBe(201);
    const meta = { attachment: url, attachment_name: NAME, attachment_size: BYTES.length };
    expect(sent.body).toMatchObject(meta);

    // Ben, who never saw the upload, gets the name with the live message…
    expect(await live.waitFor(isType('new_message'))).toMatchObject({ ...meta, sender_id: ann.id, seq: sent.body.seq });

    // …in history, in the chat list's last message and in the event log…
    const history = await api(srv.url, ben.token).get(`/chats/${chatId}/messages`);
    expect(history.body.find((m: { seq: number }) => m.seq === sent.body.seq)).toMatchObject(meta);
    const chats = await api(srv.url, ben.token).get('/chats');
    expect(chats.body.find((c: { id: number }) => c.id === chatId).last_message).toMatchObject(meta);
    const events = await api(srv.url, ben.token).get(`/chats/${chatId}/events?after_seq=0`);
    expect(events.body.events.find((e: { seq: number }) => e.seq === sent.body.seq)).toMatchObject({ type: 'new_message', ...meta });

    // …and when a socket resumes from before it.
    const resumed = await open(srv, ben, `messages/${chatId}`, { after_seq: sent.body.seq - 1 });
    sockets.push(resumed);
    expect(await resumed.waitFor(isType('new_message'))).toMatchObject(meta);

    // The signed link names it too, and the file downloads under it.
    const link = await api(srv.url, ben.token).get(`/upload/files/${url.split('/').pop()}/link`);
    expect(link.body).toMatchObject({ name: NAME, size: BYTES.length });
    const file = await fetch(srv.url + link.body.url);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-disposition')).toContain(`filename*=UTF-8''${encodeURIComponent(NAME)}`);
    expect(Buffer.from(await file.arrayBuffer()).equals(BYTES)).toBe(true);
  });

  it('keeps the name when a member forwards the file, and has none for a plain message', async () => {
    const uploaded = await api(srv.url, ann.token).request('POST', '/upload', {
      body: BYTES,
      headers: { 'content-type': 'text/plain', 'x-filename': 'plan.txt' },
    });
    await api(srv.url, ann.token).post(`/chats/${chatId}/messages`, { content: '', attachment: uploaded.body.url });
    const forwarded = await api(srv.url, ben.token).post(`/chats/${chatId}/messages`, { content: 'again', attachment: uploaded.body.url });
    expect(forwarded.status).toBe(201);
    expect(forwarded.body).toMatchObject({ sender_id: ben.id, attachment_name: 'plan.txt', attachment_size: BYTES.length });
    const plain = await api(srv.url, ben.token).post(`/chats/${chatId}/messages`, { content: 'no file' });
    expect(plain.body).toMatchObject({ attachment: null, attachment_name: null, attachment_size: null });
  });

  it('forgets the name with the file when the message is deleted', async () => {
    const uploaded = await api(srv.url, ann.token).request('POST', '/upload', {
      body: BYTES,
      headers: { 'content-type': 'text/plain', 'x-filename': 'secret.txt' },
    });
    const sent = await api(srv.url, ann.token).post(`/chats/${chatId}/messages`, { content: 'oops', attachment: uploaded.body.url });
    expect((await api(srv.url, ann.token).request('DELETE', `/chats/${chatId}/messages/${sent.body.seq}`)).status).toBeLessThan(300);
    const history = await api(srv.url, ben.token).get(`/chats/${chatId}/messages`);
    expect(history.body.find((m: { seq: number }) => m.seq === sent.body.seq)).toMatchObject({ deleted: true, attachment: null, attachment_name: null, attachment_size: null });
  });
});
