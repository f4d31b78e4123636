/**
 * Auto-update decisions, apart from Electron: which feed to use, what a feed file says,
 * and whether its version should be installed. electron-updater (in the shell) does the
 * download, signature/sha512 check and install; this module is what we configure and test.
 *
 * The feed is electron-builder's "generic" provider: a static folder holding
 * `latest-linux.yml` (`latest.yml` on Windows, `latest-mac.yml` on macOS) and the
 * artifacts it names, served over HTTPS by any web server (docs/desktop-updates.md).
 */
// electron-updater's own feed parser: plain Node (js-yaml + URL resolution, no Electron
// import), imported statically so the shell's bundle carries it.
import { parseUpdateInfo, resolveFiles } from 'electron-updater/out/providers/Provider.js';
import { load as loadYaml } from 'js-yaml';
import semver from 'semver';
import { z } from 'zod';

export const UPDATE_URL_ENV = 'PARLEY_UPDATE_URL';

/** The channel file electron-updater's generic provider fetches on this platform/arch. */
export function feedFileName(platform: NodeJS.Platform, arch: string): string {
  if (platform === 'linux') return `latest-linux${arch === 'x64' ? '' : `-${arch}`}.yml`;
  return platform === 'darwin' ? 'latest-mac.yml' : 'latest.yml';
}

/**
 * The feed URL electron-builder wrote into the package (`resources/app-update.yml`, from
 * `publish` in electron-builder.yml), if it is a generic feed; null otherwise.
 */
export function packagedFeedUrl(appUpdateYml: string | null): string | null {
  if (appUpdateYml === null) return null;
  const parsed = z.object({ provider: z.literal('generic'), url: z.string() }).safeParse(loadYaml(appUpdateYml));
  return parsed.success ? parsed.data.url : null;
}

/**
 * The feed base URL: `PARLEY_UPDATE_URL` wins (a self-hoster pointing an installed app at
 * their own server), then the URL built into the package (electron-builder `publish`),
 * else none and the app does not look for updates. Only http(s) URLs are accepted.
 */
export function resolveFeedUrl(env: NodeJS.ProcessEnv, builtIn: string | null): { url: string } | { url: null; reason: string } {
  const candidate = env[UPDATE_URL_ENV]?.trim() || builtIn;
  if (!candidate) return { url: null, reason: `no update feed configured (set ${UPDATE_URL_ENV} or publish.url in electron-builder.yml)` };
  let url: URL;
  try {
    url = new URL(candidate);
  } catch {
    return { url: null, reason: `update feed URL is not a URL: ${candidate}` };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { url: null, reason: `update feed must be http(s): ${candidate}` };
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  return { url: url.toString() };
}

const FeedFile = z.object({
  url: z.string().min(1),
  sha512: z.string().min(1),
  size: z.number().int().positive().optional(),
});
const FeedSchema = z.object({
  version: z.string().refine((v) => semver.valid(v) !== null, 'version is not semver'),
  releaseDate: z.string().optional(),
  releaseNotes: z.string().nullish(),
  files: z.array(FeedFile).min(1),
  minimumSystemVersion: z.string().optional(),
});

export interface UpdateFeed {
  version: string;
  releaseDate: string | null;
  /** Absolute URLs, resolved against the feed's folder the way electron-updater does. */
  files: { url: string; sha512: string; size: number | null }[];
}

/** Parses a channel file (`latest-linux.yml`) fetched from `feedUrl`; throws a readable error for a malformed one. */
export function parseFeed(text: string, feedUrl: string, fileName: string): UpdateFeed {
  const channelUrl = new URL(fileName, feedUrl);
  const raw = parseUpdateInfo(text, fileName, channelUrl);
  const parsed = FeedSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${fileName}: ${issue ? `${issue.path.join('.') || 'feed'}: ${issue.message}` : 'invalid feed'}`);
  }
  const files = resolveFiles(raw, new URL(feedUrl)).map((f) => ({
    url: f.url.toString(),
    sha512: f.info.sha512 ?? '',
    size: f.info.size ?? null,
  }));
  return { version: parsed.data.version, releaseDate: parsed.data.releaseDate ?? null, files };
}

export type UpdateDecision =
  | { action: 'install'; version: string }
  | { action: 'none'; reason: 'current' | 'older' | 'prerelease' };

/**
 * Whether to install the feed's version, with electron-updater's defaults: only a newer
 * version (never a downgrade), and a prerelease only for a prerelease build.
 */
export function decideUpdate(currentVersion: string, feedVersion: string): UpdateDecision {
  const current = semver.parse(currentVersion);
  const latest = semver.parse(feedVersion);
  if (!current) throw new Error(`current version is not semver: ${currentVersion}`);
  if (!latest) throw new Error(`feed version is not semver: ${feedVersion}`);
  if (semver.eq(latest, current)) return { action: 'none', reason: 'current' };
  if (semver.lt(latest, current)) return { action: 'none', reason: 'older' };
  if (latest.prerelease.length > 0 && current.prerelease.length === 0) return { action: 'none', reason: 'prerelease' };
  return { action: 'install', version: latest.version };
}
