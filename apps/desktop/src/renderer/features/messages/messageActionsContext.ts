/**
 * What a message bubble may do in the open chat (reply, edit, delete, react, jump to a
 * quote), provided once by the chat pane instead of threading callbacks through the
 * virtualized list, so memoized bubbles re-render only when their message changes.
 */
import { createContext, useContext } from 'react';
import type { MessageView } from '../../../common/views.js';

export interface MessageActions {
  chatId: number;
  myId: number | null;
  /** The chat ended for me (removed or left): history is read-only. */
  readOnly: boolean;
  /** I administer this group: I may delete anyone's message. */
  isAdmin: boolean;
  reply(message: MessageView): void;
  edit(message: MessageView): void;
  remove(message: MessageView): void;
  react(message: MessageView, reaction: string): void;
  jumpTo(seq: number): void;
  nameOf(id: number): string;
}

export const MessageActionsContext = createContext<MessageActions | null>(null);

export function useMessageActions(): MessageActions | null {
  return useContext(MessageActionsContext);
}

/** Which actions a message offers me. */
export function allowedActions(message: MessageView, actions: MessageActions | null): { reply: boolean; edit: boolean; remove: boolean; react: boolean } {
  const live = !!actions && !actions.readOnly && message.state === 'sent' && message.seq !== null && !message.deleted;
  const mine = message.sender_id === actions?.myId;
  return {
    reply: live,
    react: live,
    edit: live && mine && message.content.length > 0,
    remove: live && (mine || !!actions?.isAdmin),
  };
}
