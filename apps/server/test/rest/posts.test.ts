import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, registerUser, startTestServer, type TestServer, type TestUser } from '../harness.js';

let srv: TestServer;
let ann: TestUser;
let ben: TestUser;
beforeAll(async () => {
  srv = await startTestServer();
  ann = await registerUser(srv.url, 'Ann');
  ben = await registerUser(srv.url, 'Ben');
});
afterAll(async () => {
  await srv?.close();
});

describe('posts', () => {
  it('POST /posts returns the post with seed field names', async () => {
    const res = await api(srv.url, ann.token).post('/posts', { content: '  Check out my new research!  ' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ id: expect.any(Number), userId: ann.id, content: 'Check out my new research!' });
    expect(res.body.timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });

  it('GET /posts is newest first and pages with before/limit', async () => {
    const ids: number[] = [];
    for (let i = 0; i < 5; i++) ids.push((await api(srv.url, ben.token).post('/posts', { content: `post ${i}` })).body.id);
    const page1 = await api(srv.url, ann.token).get('/posts?limit=3');
    expect(page1.status).toBe(200);
    expect(page1.body.map((p: { id: number }) => p.id)).toEqual([ids[4], ids[3], ids[2]]);
    const page2 = await api(srv.url, ann.token).get(`/posts?before=${ids[2]}&limit=2`);
    expect(page2.body.map((p: { id: number }) => p.id)).toEqual([ids[1], ids[0]]);
    expect((await api(srv.url, ann.token).get('/posts?limit=0')).status).toBe(422);
    expect((await api(srv.url, ann.token).get('/posts?before=abc')).status).toBe(422);
  });

  it('comments and reactions return 201 with their rows', async () => {
    const post = (await api(srv.url, ann.token).post('/posts', { content: 'comment on me' })).body;
    const comment = await api(srv.url, ben.token).post(`/posts/${post.id}/comments`, { content: 'Nice!' });
    expect(comment.status).toBe(201);
    expect(comment.body).toMatchObject({ id: expect.any(Number), postId: post.id, userId: ben.id, content: 'Nice!', timestamp: expect.any(String) });
    const reaction = await api(srv.url, ben.token).post(`/posts/${post.id}/reactions`, { reaction: '👍' });
    expect(reaction.status).toBe(201);
    expect(reaction.body).toMatchObject({ postId: post.id, userId: ben.id, reaction: '👍' });
  });

  it('rejects empty or too long content (422) and unknown posts (404)', async () => {
    expect((await api(srv.url, ann.token).post('/posts', { content: '   ' })).status).toBe(422);
    const long = await api(srv.url, ann.token).post('/posts', { content: 'x'.repeat(4001) });
    expect(long.status).toBe(422);
    expect(long.body.error).toEqual({ code: 'invalid', message: expect.stringMatching(/too long/) });
    expect((await api(srv.url, ann.token).post('/posts', { content: 'x'.repeat(4000) })).status).toBe(201);
    expect((await api(srv.url, ann.token).post('/posts/999999/comments', { content: 'hi' })).status).toBe(404);
    expect((await api(srv.url, ann.token).post('/posts/999999/reactions', { reaction: 'like' })).status).toBe(404);
    const post = (await api(srv.url, ann.token).post('/posts', { content: 'p' })).body;
    expect((await api(srv.url, ann.token).post(`/posts/${post.id}/reactions`, { reaction: '' })).status).toBe(422);
    expect((await api(srv.url, ann.token).post(`/posts/${post.id}/comments`, {})).status).toBe(422);
  });

  it('needs a token', async () => {
    expect((await api(srv.url).get('/posts')).status).toBe(401);
    expect((await api(srv.url).post('/posts', { content: 'x' })).status).toBe(401);
  });
});
