/**
 * Hostile REST requests: wrong content types, truncated and non-object JSON, huge and
 * malformed numbers, ids that are negative, fractional or not numbers at all, very long
 * query strings, bad auth headers, oversized bodies. Each must get a JSON 4xx error;
 * `status` pins the exact one where SPEC §2 names it.
 */
export interface HostileRequest {
  label: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string | Buffer;
  status?: number;
}

export function hostileRequests(o: { token: string; ownChatId: number; foreignChatId: number }): HostileRequest[] {
  const auth = { authorization: `Bearer ${o.token}` };
  const jsonAuth = { ...auth, 'content-type': 'application/json' };
  const own = `/chats/${o.ownChatId}`;
  const post = (label: string, path: string, body: string | Buffer, status?: number, headers: Record<string, string> = jsonAuth): HostileRequest => ({ label, method: 'POST', path, headers, body, status });
  const get = (label: string, path: string, status?: number, headers: Record<string, string> = auth): HostileRequest => ({ label, method: 'GET', path, headers, status });

  return [
    // Bodies that are not JSON, or not the JSON asked for.
    post('text/plain body', `${own}/messages`, 'hello', 400, { ...auth, 'content-type': 'text/plain' }),
    post('form body', `${own}/messages`, 'content=hello', 400, { ...auth, 'content-type': 'application/x-www-form-urlencoded' }),
    post('truncated JSON', `${own}/messages`, '{"content": "abc', 400),
    post('JSON with trailing garbage', `${own}/messages`, '{"content":"a"}xyz', 400),
    post('invalid UTF-8 in JSON', `${own}/messages`, Buffer.concat([Buffer.from('{"content":'), Buffer.from([0xff, 0xfe]), Buffer.from('}')]), 400),
    post('array body', `${own}/messages`, '[{"content":"a"}]', 422),
    post('null body', `${own}/messages`, 'null', 422),
    post('string body', `${own}/messages`, '"content"', 422),
    post('number body', '/posts', '42', 422),
    post('content is a number', `${own}/messages`, '{"content":12345}', 422),
    post('content is an object', '/posts', '{"content":{"toString":"x"}}', 422),
    post('content too long', `${own}/messages`, JSON.stringify({ content: 'x'.repeat(4001) }), 422),
    post('bad client_id', `${own}/messages`, JSON.stringify({ content: 'x', client_id: 'a b' }), 422),
    post('attachment path traversal', `${own}/messages`, JSON.stringify({ content: 'x', attachment: '/upload/files/../../jwt-secret' }), 422),
    post('huge seq', `${own}/read`, '{"seq":1e400}', 422),
    post('float seq', `${own}/read`, '{"seq":1.5}', 422),
    post('negative seq', `${own}/read`, '{"seq":-1}', 422),
    post('string seq', `${own}/read`, '{"seq":"3"}', 422),
    post('unsafe integer member id', '/chats', '{"member_ids":[99999999999999999999]}', 422),
    post('negative member id', '/chats', '{"member_ids":[-1]}', 422),
    post('string member id', '/chats', '{"member_ids":["2"]}', 422),
    post('member_ids not an array', '/chats', '{"member_ids":{"0":2,"length":1}}', 422),
    post('to_user_id float', '/connections', '{"to_user_id":1.5}', 422),
    post('to_user_id huge', '/connections', '{"to_user_id":1e308}', 422),
    post('prototype keys', '/connections', '{"__proto__":{"to_user_id":2,"polluted":true},"constructor":{"prototype":{"polluted":true}}}', 422),
    post('deeply nested body', '/posts', '{"content":' + '['.repeat(5000) + ']'.repeat(5000) + '}', 422),
    post('body over the JSON cap', '/posts', JSON.stringify({ content: 'x'.repeat(300 * 1024) }), 413),
    // Ids in the path that are not positive integers name nothing.
    post('negative chat id', '/chats/-1/messages', '{"content":"x"}', 404),
    post('float chat id', '/chats/1.5/messages', '{"content":"x"}', 404),
    post('string chat id', '/chats/abc/messages', '{"content":"x"}', 404),
    post('hex chat id', '/chats/0x1/messages', '{"content":"x"}', 404),
    post('huge chat id', '/chats/123456789012345678901234567890/messages', '{"content":"x"}', 404),
    post('exponent connection id', '/connections/1e3/accept', '', 404),
    get('zero user id', '/users/0', 404),
    get('encoded traversal user id', '/users/%2e%2e%2f1', 404),
    get('foreign chat', `/chats/${o.foreignChatId}/messages`, 403),
    // Query strings.
    get('negative after_seq', `${own}/messages?after_seq=-1`, 422),
    get('limit not a number', `${own}/messages?limit=abc`, 422),
    get('limit too big', `${own}/messages?limit=1000000000`, 422),
    get('very long search query', `/users?q=${'q'.repeat(60_000)}`, 422),
    get('many query parameters', `${own}/messages?${Array.from({ length: 2000 }, (_, i) => `p${i}=${i}`).join('&')}&limit=x`, 422),
    // Auth headers.
    get('no token', '/users/me', 401, {}),
    get('empty bearer', '/users/me', 401, { authorization: 'Bearer ' }),
    get('basic auth', '/users/me', 401, { authorization: 'Basic dXNlcjpwYXNz' }),
    get('garbage token', '/users/me', 401, { authorization: `Bearer ${'A'.repeat(5000)}` }),
    // Routes and methods.
    get('unknown route', '/admin', 404),
    { label: 'wrong method', method: 'DELETE', path: own + '/messages', headers: auth, status: 405 },
  ];
}
