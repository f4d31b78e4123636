import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_PREFERENCES } from '@parley/protocol';
import { api, connectUsers, registerUser, startTestServer, type TestServer, type TestUser } from '../harness.js';
import { isType } from '../realtime/client.js';
import { closeAll, newChat, open } from '../realtime/fixtures.js';

let srv: TestServer;
let ann: TestUser;
let ben: TestUser;

function patch(user: TestUser, body: unknown) {
  return api(srv.url, user.token).request('PATCH', '/users/me/preferences', {
    body: JSON.stringify(body),
    headers: { 'content-type': 'application/json' },
  });
}

beforeAll(async () => {
  srv = await startTestServer();
  ann = await registerUser(srv.url, 'Ann');
  ben = await registerUser(srv.url, 'Ben');
  await connectUsers(srv.url, ann, ben);
});
afterAll(async () => {
  await srv?.close();
});

describe('notification preferences', () => {
  it('starts with the defaults', async () => {
    const res = await api(srv.url, ben.token).get('/users/me/preferences');
    expect(res.status).toBe(200);
    expect(res.body).toEqual(DEFAULT_PREFERENCES);
  });

  it('PATCH changes only the fields it names, and each change bumps the version', async () => {
    const chatId = await newChat(srv, ann, [ben]);
    const first = await patch(ann, { privacy: 'sender', chat_modes: { [chatId]: 'mentions' } });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ version: 1, privacy: 'sender', chat_modes: { [chatId]: 'mentions' }, dnd: { enabled: false, until: null } });
    expect(typeof first.body.updated_at).toBe('string');

    const until = new Date(Date.now() + 3_600_000).toISOString();
    const second = await patch(ann, { dnd: { enabled: true, until }, quiet_hours: { enabled: true, start: '23:30' } });
    expect(second.body).toMatchObject({
      version: 2,
      privacy: 'sender',
      dnd: { enabled: true, until },
      quiet_hours: { enabled: true, start: '23:30', end: DEFAULT_PREFERENCES.quiet_hours.end },
      chat_modes: { [chatId]: 'mentions' },
    });

    // `all` is the default: it removes the chat's entry.
    const third = await patch(ann, { chat_modes: { [chatId]: 'all' }, dnd: { enabled: false } });
    expect(third.body.chat_modes).toEqual({});
    expect(third.body.dnd).toEqual({ enabled: false, until: null });
    expect((await api(srv.url, ann.token).get('/users/me/preferences')).body).toEqual(third.body);
    // Another user's preferences are untouched.
    expect((await api(srv.url, ben.token).get('/users/me/preferences')).body.version).toBe(0);
  });

  it('concurrent changes from two devices both survive', async () => {
    const carl = await registerUser(srv.url, 'Carl');
    const results = await Promise.all([patch(carl, { privacy: 'none' }), patch(carl, { quiet_hours: { enabled: true } })]);
    expect(results.map((r) => r.status)).toEqual([200, 200]);
    const now = (await api(srv.url, carl.token).get('/users/me/preferences')).body;
    expect(now).toMatchObject({ version: 2, privacy: 'none', quiet_hours: { enabled: true } });
  });

  it('refuses bad input with a clear code', async () => {
    const cases: [unknown, number, string][] = [
      [{}, 422, 'invalid'],
      [{ privacy: 'loud' }, 422, 'invalid'],
      [{ quiet_hours: { start: '25:00' } }, 422, 'invalid'],
      [{ chat_modes: { abc: 'none' } }, 422, 'invalid'],
      [{ chat_modes: { 1: 'sometimes' } }, 422, 'invalid'],
      [{ dnd: { enabled: true, until: 'tomorrow' } }, 422, 'invalid'],
      [{ colour: 'red' }, 422, 'invalid'],
    ];
    for (const [body, status, code] of cases) {
      const res = await patch(ann, body);
      expect(res.status, JSON.stringify(body)).toBe(status);
      expect(res.body.error.code).toBe(code);
    }
    const notJson = await api(srv.url, ann.token).request('PATCH', '/users/me/preferences', { body: '{', headers: { 'content-type': 'application/json' } });
    expect(notJson.status).toBe(400);
  });

  it('a chat I am not in cannot be given a mode (403), but `all` is always accepted', async () => {
    const outsider = await registerUser(srv.url, 'Outsider');
    const chatId = await newChat(srv, ann, [ben]);
    const res = await patch(outsider, { chat_modes: { [chatId]: 'none' } });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('forbidden');
    expect((await patch(outsider, { chat_modes: { [chatId]: 'all' } })).status).toBe(200);
  });

  it('needs a token', async () => {
    expect((await api(srv.url).get('/users/me/preferences')).status).toBe(401);
    expect((await api(srv.url).request('PATCH', '/users/me/preferences', { body: '{"privacy":"none"}', headers: { 'content-type': 'application/json' } })).status).toBe(401);
  });

  it('a change reaches every socket of the same user on `notifications`, and no one else', async () => {
    const chatId = await newChat(srv, ann, [ben]);
    const laptop = await open(srv, ann, null);
    laptop.send({ type: 'subscribe', channel: 'notifications' });
    await laptop.waitFor(isType('subscribed'));
    const phone = await open(srv, ann, 'notifications');
    const other = await open(srv, ben, 'notifications');
    try {
      const res = await patch(ann, { chat_modes: { [chatId]: 'none' } });
      expect(res.status).toBe(200);
      const onLaptop = await laptop.waitFor(isType('preferences_updated'));
      expect(onLaptop).toEqual({ type: 'preferences_updated', channel: 'notifications', preferences: res.body });
      const onPhone = await phone.waitFor(isType('preferences_updated'));
      expect(onPhone.preferences).toEqual(res.body);
      expect(await other.collectFor(isType('preferences_updated'), 300)).toEqual([]);
    } finally {
      await closeAll([laptop, phone, other]);
    }
  });
});
