import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, registerUser, startTestServer, type TestServer, type TestUser } from '../harness.js';
import { isType, type TestSocket } from './client.js';
import { closeAll, open } from './fixtures.js';

let srv: TestServer;

beforeAll(async () => {
  srv = await startTestServer();
});
afterAll(async () => {
  await srv?.close();
});

async function users(...names: string[]): Promise<TestUser[]> {
  return Promise.all(names.map((n) => registerUser(srv.url, n)));
}

/** A multiplexed socket subscribed to `channels`. */
async function mux(user: TestUser, channels: string[]): Promise<TestSocket> {
  const s = await open(srv, user, null);
  for (const channel of channels) {
    s.send({ type: 'subscribe', channel });
    await s.waitFor((f) => f.type === 'subscribed' && f.channel === channel);
  }
  return s;
}

describe('connections and notifications', () => {
  it('sends connection_request to the addressee on connections and notifications, and connection_accepted to both', async () => {
    const [ann, ben, eve] = (await users('Ann', 'Ben', 'Eve')) as [TestUser, TestUser, TestUser];
    const benConn = await open(srv, ben, 'connections');
    const benNote = await open(srv, ben, 'notifications');
    const benMux = await mux(ben, ['connections', 'notifications']);
    const annConn = await open(srv, ann, 'connections');
    const annNote = await open(srv, ann, 'notifications');
    const eveConn = await open(srv, eve, 'connections');

    const req = await api(srv.url, ann.token).post('/connections', { to_user_id: ben.id });
    expect(req.status).toBe(201);
    const expected = { type: 'connection_request', request_id: req.body.id, from_user_id: ann.id, from_user_name: 'Ann' };
    expect(await benConn.waitFor(isType('connection_request'))).toEqual({ ...expected, channel: 'connections' });
    expect(await benNote.waitFor(isType('connection_request'))).toEqual({ ...expected, channel: 'notifications' });
    const onMux = await benMux.waitForCount(isType('connection_request'), 2);
    expect(onMux.map((f) => f.channel).sort()).toEqual(['connections', 'notifications']);

    await api(srv.url, ben.token).post(`/connections/${req.body.id}/accept`);
    expect(await annConn.waitFor(isType('connection_accepted'))).toEqual({
      type: 'connection_accepted',
      request_id: req.body.id,
      user_id: ben.id,
      user_name: 'Ben',
      channel: 'connections',
    });
    expect(await benConn.waitFor(isType('connection_accepted'))).toMatchObject({ user_id: ann.id, user_name: 'Ann' });
    // The actor is never notified, and strangers hear nothing.
    expect(await annNote.collectFor(() => true, 200)).toEqual([]);
    expect(eveConn.frames).toEqual([]);
    await closeAll([benConn, benNote, benMux, annConn, annNote, eveConn]);
  });

  it('notifies the post author of comments and reactions, never the actor', async () => {
    const [ann, ben] = (await users('Ann', 'Ben')) as [TestUser, TestUser];
    const annNote = await open(srv, ann, 'notifications');
    const benNote = await open(srv, ben, 'notifications');
    const post = await api(srv.url, ann.token).post('/posts', { content: 'my research' });
    expect(post.status).toBe(201);
    const comment = await api(srv.url, ben.token).post(`/posts/${post.body.id}/comments`, { content: 'nice!' });
    expect(await annNote.waitFor(isType('comment_on_post'))).toEqual({
      type: 'comment_on_post',
      post_id: post.body.id,
      comment_id: comment.body.id,
      user_id: ben.id,
      user_name: 'Ben',
      content: 'nice!',
      channel: 'notifications',
    });
    await api(srv.url, ben.token).post(`/posts/${post.body.id}/reactions`, { reaction: 'like' });
    expect(await annNote.waitFor(isType('reaction_on_post'))).toEqual({
      type: 'reaction_on_post',
      post_id: post.body.id,
      user_id: ben.id,
      user_name: 'Ben',
      reaction: 'like',
      channel: 'notifications',
    });
    // Ann on her own post: nobody is notified.
    await api(srv.url, ann.token).post(`/posts/${post.body.id}/comments`, { content: 'thanks' });
    await api(srv.url, ann.token).post(`/posts/${post.body.id}/reactions`, { reaction: 'heart' });
    const annLater = await annNote.collectFor(() => true, 300);
    expect(annLater.map((f) => f.type)).toEqual(['comment_on_post', 'reaction_on_post']);
    expect(benNote.frames).toEqual([]);
    await closeAll([annNote, benNote]);
  });
});

describe('feed', () => {
  it('broadcasts new_post and new_comment to every feed socket, on both endpoint kinds', async () => {
    const [ann, ben, cat] = (await users('Ann', 'Ben', 'Cat')) as [TestUser, TestUser, TestUser];
    const benFeed = await open(srv, ben, 'feed');
    const catMux = await mux(cat, ['feed']);
    const annFeed = await open(srv, ann, 'feed');
    const post = await api(srv.url, ann.token).post('/posts', { content: 'Check out my new research!' });
    for (const s of [benFeed, catMux, annFeed]) {
      expect(await s.waitFor(isType('new_post'))).toMatchObject({
        type: 'new_post',
        channel: 'feed',
        post: { id: post.body.id, userId: ann.id, content: 'Check out my new research!', timestamp: post.body.timestamp },
      });
    }
    const comment = await api(srv.url, ben.token).post(`/posts/${post.body.id}/comments`, { content: 'wow' });
    for (const s of [benFeed, catMux, annFeed]) {
      expect(await s.waitFor(isType('new_comment'))).toMatchObject({
        type: 'new_comment',
        channel: 'feed',
        comment: { id: comment.body.id, postId: post.body.id, userId: ben.id, content: 'wow', timestamp: expect.any(String) },
      });
    }
    await closeAll([benFeed, catMux, annFeed]);
  });
});
