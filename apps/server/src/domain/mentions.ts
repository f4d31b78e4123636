/**
 * Mentions are stored structurally (user ids, not `@name` text), so a rename keeps them
 * and notification rules need not parse content. The client says whom it mentions; the
 * server only accepts members of the chat, each once.
 */
import { LIMITS } from '@parley/protocol';
import { AppError } from './errors.js';

export function checkMentions(mentions: readonly number[] | null | undefined, memberIds: readonly number[]): number[] {
  if (!mentions || mentions.length === 0) return [];
  const unique = [...new Set(mentions)];
  if (unique.length > LIMITS.maxMentions) throw new AppError('invalid', `a message mentions at most ${LIMITS.maxMentions} members`);
  const outsider = unique.find((id) => !memberIds.includes(id));
  if (outsider !== undefined) throw new AppError('invalid', `mentions: user ${outsider} is not a member of this chat`);
  return unique;
}
