/**
 * `npm run check-update-feed -w @parley/desktop -- <feed folder URL> [--platform linux|darwin|win32] [--arch x64|arm64] [--current VERSION]`
 *
 * For a self-hoster publishing desktop updates: fetches the channel file the installed
 * apps will fetch (latest-linux.yml, …) from the feed folder, parses it with
 * electron-updater's parser, checks every artifact it names is downloadable with the
 * size it declares, and prints what an app of version --current (default: this
 * package's) would do. Exits 1 on any problem, naming it.
 */
import { readFileSync } from 'node:fs';
import { decideUpdate, feedFileName, parseFeed, resolveFeedUrl } from '../node/shell/updateFeed.js';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<void> {
  const positional = process.argv.slice(2).find((a, i, all) => !a.startsWith('--') && !all[i - 1]?.startsWith('--'));
  const feed = resolveFeedUrl({ PARLEY_UPDATE_URL: positional ?? '' }, null);
  if (feed.url === null) throw new Error(`usage: check-update-feed <feed folder URL> (${feed.reason})`);
  const platform = (arg('platform') ?? process.platform) as NodeJS.Platform;
  const fileName = feedFileName(platform, arg('arch') ?? process.arch);
  const current = arg('current') ?? (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

  const channelUrl = new URL(fileName, feed.url);
  const res = await fetch(channelUrl);
  if (!res.ok) throw new Error(`${channelUrl}: HTTP ${res.status}`);
  const parsed = parseFeed(await res.text(), feed.url, fileName);
  console.log(`${channelUrl}: version ${parsed.version}${parsed.releaseDate ? `, released ${parsed.releaseDate}` : ''}`);
  for (const file of parsed.files) {
    const head = await fetch(file.url, { method: 'HEAD' });
    const length = Number(head.headers.get('content-length') ?? NaN);
    if (!head.ok) throw new Error(`${file.url}: HTTP ${head.status}`);
    if (file.size !== null && length !== file.size) throw new Error(`${file.url}: ${length} bytes served, the feed says ${file.size}`);
    console.log(`  ok ${file.url} (${length} bytes)`);
  }
  const decision = decideUpdate(current, parsed.version);
  console.log(decision.action === 'install' ? `an app at ${current} would install ${decision.version}` : `an app at ${current} would stay (${decision.reason})`);
}

main().catch((err: unknown) => {
  console.error(`check-update-feed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
