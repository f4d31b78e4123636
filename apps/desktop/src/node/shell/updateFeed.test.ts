import { describe, expect, it } from 'vitest';
import { decideUpdate, feedFileName, packagedFeedUrl, parseFeed, resolveFeedUrl } from './updateFeed.js';

/** A channel file as electron-builder 26 writes it for `linux: target: [AppImage, deb]`. */
const LATEST_LINUX_YML = `version: 0.2.0
files:
  - url: Parley-0.2.0.AppImage
    sha512: 2oJ5UH0nQvZkB1Yb3L0mKQ8gX0HvG7l5Z0XG9w5yqzVYVwJf1CjQd2H3xZlFQy0k7m8u3JYmWpN6x5dG9u2vKw==
    size: 104857600
    blockMapSize: 110234
  - url: parley_0.2.0_amd64.deb
    sha512: 9g4A2y1nX7TZb0u2iQ1mYlH4wG6r5S8t3Vq0eK9xPj7cZ2nF1mD5oL3aB8vE6hU4sR0kJ2iW9qT1yN7xC5zM3g==
    size: 73400320
path: Parley-0.2.0.AppImage
sha512: 2oJ5UH0nQvZkB1Yb3L0mKQ8gX0HvG7l5Z0XG9w5yqzVYVwJf1CjQd2H3xZlFQy0k7m8u3JYmWpN6x5dG9u2vKw==
releaseDate: '2026-11-30T12:00:00.000Z'
`;

describe('feedFileName', () => {
  it('matches the channel files electron-updater fetches', () => {
    expect(feedFileName('linux', 'x64')).toBe('latest-linux.yml');
    expect(feedFileName('linux', 'arm64')).toBe('latest-linux-arm64.yml');
    expect(feedFileName('darwin', 'arm64')).toBe('latest-mac.yml');
    expect(feedFileName('win32', 'x64')).toBe('latest.yml');
  });
});

describe('packagedFeedUrl', () => {
  it('reads the generic feed URL from app-update.yml as electron-builder writes it', () => {
    expect(packagedFeedUrl('provider: generic\nurl: https://chat.example.org/desktop\nupdaterCacheDirName: parley-desktop-updater\n')).toBe('https://chat.example.org/desktop');
  });
  it('is null without the file or for another provider', () => {
    expect(packagedFeedUrl(null)).toBeNull();
    expect(packagedFeedUrl('provider: github\nowner: x\nrepo: y\n')).toBeNull();
  });
});

describe('resolveFeedUrl', () => {
  it('prefers PARLEY_UPDATE_URL over the packaged URL and normalizes it to a folder', () => {
    expect(resolveFeedUrl({ PARLEY_UPDATE_URL: 'https://chat.example.org/desktop' }, 'https://builtin.example/')).toEqual({ url: 'https://chat.example.org/desktop/' });
    expect(resolveFeedUrl({}, 'https://builtin.example/updates')).toEqual({ url: 'https://builtin.example/updates/' });
  });
  it('disables updates, saying why, when none or a bad one is set', () => {
    expect(resolveFeedUrl({}, null)).toMatchObject({ url: null, reason: expect.stringContaining('PARLEY_UPDATE_URL') });
    expect(resolveFeedUrl({ PARLEY_UPDATE_URL: 'file:///tmp/x' }, null)).toMatchObject({ url: null, reason: expect.stringContaining('http(s)') });
    expect(resolveFeedUrl({ PARLEY_UPDATE_URL: 'nope' }, null)).toMatchObject({ url: null, reason: expect.stringContaining('not a URL') });
  });
});

describe('parseFeed', () => {
  it('reads latest-linux.yml with electron-updater’s parser and resolves artifacts against the feed folder', () => {
    const feed = parseFeed(LATEST_LINUX_YML, 'https://chat.example.org/desktop/', 'latest-linux.yml');
    expect(feed.version).toBe('0.2.0');
    expect(feed.releaseDate).toBe('2026-11-30T12:00:00.000Z');
    expect(feed.files.map((f) => f.url)).toEqual([
      'https://chat.example.org/desktop/Parley-0.2.0.AppImage',
      'https://chat.example.org/desktop/parley_0.2.0_amd64.deb',
    ]);
    expect(feed.files[0]?.size).toBe(104857600);
    expect(feed.files[1]?.sha512).toMatch(/==$/);
  });

  it('rejects a feed without a semver version, files or checksums, naming the problem', () => {
    expect(() => parseFeed('version: latest\nfiles: [{url: a.AppImage, sha512: x}]\n', 'https://h/', 'latest-linux.yml')).toThrow(/version/);
    expect(() => parseFeed('version: 1.0.0\nfiles: []\n', 'https://h/', 'latest-linux.yml')).toThrow(/files/);
    expect(() => parseFeed('version: 1.0.0\nfiles: [{url: a.AppImage}]\n', 'https://h/', 'latest-linux.yml')).toThrow(/sha512/);
    expect(() => parseFeed('version: [1.0.0\n', 'https://h/', 'latest-linux.yml')).toThrow(/latest-linux\.yml/);
  });
});

describe('decideUpdate', () => {
  it.each([
    ['0.1.0', '0.2.0', { action: 'install', version: '0.2.0' }],
    ['0.1.0', '0.1.1', { action: 'install', version: '0.1.1' }],
    ['0.1.0', '0.1.0', { action: 'none', reason: 'current' }],
    ['0.2.0', '0.1.9', { action: 'none', reason: 'older' }],
    ['0.1.0', '0.2.0-beta.1', { action: 'none', reason: 'prerelease' }],
    ['0.2.0-beta.1', '0.2.0-beta.2', { action: 'install', version: '0.2.0-beta.2' }],
    ['0.2.0-beta.2', '0.2.0', { action: 'install', version: '0.2.0' }],
  ])('current %s, feed %s', (current, latest, expected) => {
    expect(decideUpdate(current, latest)).toEqual(expected);
  });
  it('refuses a non-semver version', () => {
    expect(() => decideUpdate('0.1.0', 'next')).toThrow(/semver/);
  });
});
