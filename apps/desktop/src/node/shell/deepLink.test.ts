import { describe, expect, it } from 'vitest';
import type { NavigationTarget } from '../../common/views.js';
import { DeepLinkQueue, deepLinkFromArgv, parseDeepLink } from './deepLink.js';

describe('parseDeepLink', () => {
  it.each([
    ['parley://chat/5', 5],
    ['parley://chat/5/', 5],
    ['PARLEY://Chat/42', 42],
    ['parley:chat/7', 7],
    ['parley://chat/9007199254740991', 9007199254740991],
  ])('%s opens chat %i', (url, chatId) => {
    expect(parseDeepLink(url)).toEqual({ kind: 'chat', chatId });
  });

  it.each([
    'parley://chat/',
    'parley://chat/0',
    'parley://chat/-1',
    'parley://chat/1e3',
    'parley://chat/05',
    'parley://chat/abc',
    'parley://chat/5/extra',
    'parley://post/5',
    'parley://settings',
    'https://chat/5',
    'parley-app://chat/5',
    'parley://chat/99999999999999999',
    'not a url',
    `parley://chat/${'1'.repeat(3000)}`,
  ])('%s is ignored', (url) => {
    expect(parseDeepLink(url)).toBeNull();
  });
});

describe('deepLinkFromArgv', () => {
  it('finds the link among Electron and Chromium flags', () => {
    const argv = ['/opt/Parley/parley', '--no-sandbox', 'parley://chat/12', '--original-process-start-time=1'];
    expect(deepLinkFromArgv(argv)).toEqual({ kind: 'chat', chatId: 12 });
  });
  it('takes the last valid link and skips malformed ones', () => {
    expect(deepLinkFromArgv(['parley://chat/1', 'parley://chat/2', 'parley://chat/nope'])).toEqual({ kind: 'chat', chatId: 2 });
  });
  it('is null without a link', () => {
    expect(deepLinkFromArgv(['/usr/bin/electron', '.', '--inspect'])).toBeNull();
  });
});

describe('DeepLinkQueue', () => {
  const chat = (chatId: number): NavigationTarget => ({ kind: 'chat', chatId });

  it('holds a link until the renderer is ready, then delivers it once', () => {
    const queue = new DeepLinkQueue();
    const delivered: NavigationTarget[] = [];
    queue.push(chat(3));
    expect(queue.waiting).toEqual(chat(3));
    queue.ready((t) => delivered.push(t));
    expect(delivered).toEqual([chat(3)]);
    expect(queue.waiting).toBeNull();
  });

  it('keeps only the newest link that arrived before ready', () => {
    const queue = new DeepLinkQueue();
    const delivered: NavigationTarget[] = [];
    queue.push(chat(1));
    queue.push(chat(2));
    queue.ready((t) => delivered.push(t));
    expect(delivered).toEqual([chat(2)]);
  });

  it('delivers at once when ready, and queues again after pause', () => {
    const queue = new DeepLinkQueue();
    const delivered: NavigationTarget[] = [];
    queue.ready((t) => delivered.push(t));
    expect(delivered).toEqual([]);
    queue.push(chat(4));
    expect(delivered).toEqual([chat(4)]);
    queue.pause();
    queue.push(chat(5));
    expect(delivered).toEqual([chat(4)]);
    queue.ready((t) => delivered.push(t));
    expect(delivered).toEqual([chat(4), chat(5)]);
  });
});
