import { useCallback } from 'react';
import { useAppSelector } from '../../app/hooks.js';
import { selectMyId } from '../session/sessionSlice.js';
import { displayName, selectUserEntities } from '../users/usersSlice.js';
import { chatTitle } from './chatsSlice.js';
import type { ChatView } from '../../../common/views.js';

/** Name lookups for chat rows and headers, bound to the current user directory. */
export function useChatNames() {
  const users = useAppSelector(selectUserEntities);
  const myId = useAppSelector(selectMyId);
  const nameOf = useCallback((id: number) => displayName(users, id), [users]);
  const titleOf = useCallback((chat: Pick<ChatView, 'title' | 'member_ids'>) => chatTitle(chat, nameOf, myId), [nameOf, myId]);
  return { nameOf, titleOf, myId };
}
