/**
 * Editing your own profile: display name (cleaned like at registration) and avatar (an
 * image you uploaded). The change is published to your own devices and your accepted
 * connections as `profile_updated`.
 */
import type { Store } from '../store/types.js';
import type { ProfileApi } from './accountTypes.js';
import { checkDisplayName } from './displayName.js';
import { AppError } from './errors.js';
import type { EventSink } from './events.js';
import { uploadNameFromUrl } from './uploads.js';
import { publicUser } from './users.js';

const AVATAR_EXTENSIONS = new Set(['png', 'jpg', 'jpeg', 'gif', 'webp']);

export function createProfile(store: Store, events: EventSink): ProfileApi {
  /** Your own uploaded image only: knowing another file's name must not make it yours to show. */
  async function checkAvatar(userId: number, url: string): Promise<string> {
    const name = uploadNameFromUrl(url);
    const ext = name?.slice(name.lastIndexOf('.') + 1) ?? '';
    if (!name || !AVATAR_EXTENSIONS.has(ext)) throw new AppError('invalid', 'avatar_url must be an image URL returned by POST /upload');
    const upload = await store.uploads.byName(name);
    if (upload?.owner_id !== userId) throw new AppError('invalid', 'avatar_url names no file you uploaded');
    return name;
  }

  return {
    async update(userId, changes) {
      const fullName = changes.full_name === undefined ? undefined : checkDisplayName(changes.full_name);
      const avatarName = changes.avatar_url ? await checkAvatar(userId, changes.avatar_url) : null;
      if (!(await store.users.updateProfile(userId, { fullName, avatarUrl: changes.avatar_url }))) {
        throw new AppError('unauthorized', 'account no longer exists');
      }
      // In use now, like an attached file: the sweeper of unattached uploads must keep it.
      if (avatarName) await store.uploads.markAttached(avatarName);
      const user = (await store.users.byId(userId))!;
      const peerIds = await store.connections.acceptedPeerIds(userId);
      events.publish({ kind: 'profile_updated', userId, fullName: user.full_name, avatarUrl: user.avatar_url, peerIds });
      return publicUser(user, userId);
    },
  };
}
