/** One open chat: header, virtualized history, "X is typing…", composer (or why it is read-only). */
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { ChatView, MessageView } from '../../../common/views.js';
import { useAppDispatch, useAppSelector } from '../../app/hooks.js';
import { useWebSocketChat } from '../../hooks/useWebSocketHooks.js';
import { Avatar } from '../../ui/Avatar.js';
import { Icon } from '../../ui/Icon.js';
import { NotifyModeMenu } from '../chats/NotifyModeMenu.js';
import { GroupSettingsDialog } from '../chats/GroupSettingsDialog.js';
import { useChatNames } from '../chats/useChatNames.js';
import { selectOnlineIds } from '../presence/presenceSlice.js';
import { selectSession } from '../session/sessionSlice.js';
import { toastShown } from '../toasts/toastsSlice.js';
import { selectTypingUserIds } from '../typing/typingSlice.js';
import { jumpHandled, searchOpened, selectJump } from '../search/searchSlice.js';
import { Composer, type ComposerMode } from './Composer.js';
import { MessageList } from './MessageList.js';
import { deleteMessage, editMessage, revealMessage, toggleReaction } from './messageActions.js';
import { MessageActionsContext, type MessageActions } from './messageActionsContext.js';
import { loadMessages, makeSelectChatMessages, selectHistoryMeta } from './messagesSlice.js';
import { useChatFocus } from './useChatFocus.js';
import { typingSentence, useTypingPeople } from './useTypingPeople.js';

/** How long a message a reply quote jumped to stays highlighted. */
const HIGHLIGHT_MS = 2500;

function endedLine(chat: ChatView): string {
  return chat.ended === 'left'
    ? 'You left this group. The messages up to then stay on this device; you can no longer send or receive new ones.'
    : 'You were removed from this group. The messages up to then stay on this device; you can no longer send or receive new ones.';
}

export function ChatPane({ chat }: { chat: ChatView }) {
  const dispatch = useAppDispatch();
  const { nameOf, titleOf, myId } = useChatNames();
  const serverUrl = useAppSelector(selectSession)?.serverUrl;
  const selectMessages = useMemo(makeSelectChatMessages, []);
  const messages = useAppSelector((state) => selectMessages(state, chat.id));
  const history = useAppSelector((state) => selectHistoryMeta(state, chat.id));
  const online = useAppSelector(selectOnlineIds);
  const { typingUserIds, onTyping } = useTypingPeople();
  // Main reports typing both as raw frames (the seed hook) and as `typing.changed`
  // (the store); either alone is enough, so the indicator shows their union.
  const storedTyping = useAppSelector((state) => selectTypingUserIds(state, chat.id));
  const [mode, setMode] = useState<ComposerMode | null>(null);
  const [focusSeq, setFocusSeq] = useState<number | null>(null);
  const [settingsOpen, setSettingsOpen] = useState(false);
  const jump = useAppSelector(selectJump);

  const { sendMessage, setTyping, isConnected } = useWebSocketChat(
    chat.id,
    // A message from someone ends their typing; the message itself arrives via the store.
    (message) => onTyping(message.sender_id, false),
    onTyping,
  );
  useChatFocus(chat);

  useEffect(() => {
    void dispatch(loadMessages({ chatId: chat.id }));
    setMode(null);
    setFocusSeq(null);
  }, [dispatch, chat.id]);

  useEffect(() => {
    if (focusSeq === null) return;
    const timer = setTimeout(() => setFocusSeq(null), HIGHLIGHT_MS);
    return () => clearTimeout(timer);
  }, [focusSeq]);

  // A message being edited or answered that is deleted meanwhile ends that mode.
  useEffect(() => {
    if (!mode) return;
    const current = messages.find((m) => m.key === mode.message.key);
    if (!current || current.deleted) setMode(null);
  }, [messages, mode]);

  const readOnly = chat.ended !== null;
  const isAdmin = myId !== null && chat.admin_ids.includes(myId);
  const actions = useMemo<MessageActions>(
    () => ({
      chatId: chat.id,
      myId,
      readOnly,
      isAdmin,
      nameOf,
      reply: (message) => setMode({ kind: 'reply', message }),
      edit: (message) => setMode({ kind: 'edit', message }),
      remove: (message) => {
        if (message.seq !== null) void dispatch(deleteMessage({ chatId: chat.id, seq: message.seq }));
      },
      react: (message, reaction) => {
        if (message.seq === null) return;
        const mine = myId !== null && message.reactions.some((r) => r.reaction === reaction && r.user_ids.includes(myId));
        void dispatch(toggleReaction({ chatId: chat.id, seq: message.seq, reaction, mine }));
      },
      jumpTo: (seq) => {
        void dispatch(revealMessage({ chatId: chat.id, seq })).then((result) => {
          if (result.payload === true) setFocusSeq(seq);
          else dispatch(toastShown('That message is no longer available.'));
        });
      },
    }),
    [chat.id, myId, readOnly, isAdmin, nameOf, dispatch],
  );

  // A search hit was opened in this chat: once its history is loaded, reveal the hit
  // (loading older pages as needed) and highlight it, as a reply quote does.
  useEffect(() => {
    if (!jump || jump.chatId !== chat.id || !history.loaded) return;
    dispatch(jumpHandled());
    actions.jumpTo(jump.seq);
  }, [jump, chat.id, history.loaded, actions, dispatch]);

  const members = useMemo(() => chat.member_ids.filter((id) => id !== myId).map((id) => ({ id, name: nameOf(id) })), [chat.member_ids, myId, nameOf]);

  const onEditLast = useCallback(() => {
    const last = [...messages].reverse().find((m) => m.sender_id === myId && m.state === 'sent' && m.seq !== null && !m.deleted && m.content);
    if (!last) return false;
    setMode({ kind: 'edit', message: last });
    return true;
  }, [messages, myId]);

  const saveEdit = useCallback(
    async (message: MessageView, content: string, mentions: number[]) => {
      if (message.seq === null) return false;
      return (await dispatch(editMessage({ chatId: chat.id, seq: message.seq, content, mentions }))).payload === true;
    },
    [dispatch, chat.id],
  );

  const title = titleOf(chat);
  const others = chat.member_ids.filter((id) => id !== myId);
  const peer = !chat.is_group && others.length === 1 ? others[0] : undefined;
  const oldestSeq = messages.find((m) => m.seq !== null)?.seq ?? undefined;
  const typingIds = [...new Set([...typingUserIds, ...storedTyping])].filter((id) => id !== myId);
  const typingText = typingSentence(typingIds.map(nameOf));
  const subtitle = readOnly
    ? chat.ended === 'left'
      ? 'You left'
      : 'You were removed'
    : peer !== undefined
      ? online.has(peer)
        ? 'Online'
        : 'Offline'
      : `${chat.member_ids.length} members · ${others.filter((id) => online.has(id)).length} online`;

  return (
    <section className="chat-pane" aria-label={`Chat with ${title}`} data-testid="chat-pane">
      <header className="pane-header chat-header">
        <Avatar id={peer ?? chat.id} name={title} online={peer !== undefined ? online.has(peer) : undefined} />
        <div className="chat-header-text">
          <h2>{title}</h2>
          <span className="chat-header-sub">{subtitle}</span>
        </div>
        <button type="button" className="icon-btn" aria-label="Search in this chat" title="Search in this chat (Ctrl+F)" data-testid="search-in-chat" onClick={() => dispatch(searchOpened({ chatId: chat.id }))}>
          <Icon name="search" />
        </button>
        {chat.is_group && !readOnly && (
          <button type="button" className="icon-btn" aria-label="Group settings" title="Group settings" onClick={() => setSettingsOpen(true)}>
            <Icon name="people" />
          </button>
        )}
        <NotifyModeMenu chat={chat} />
      </header>
      <MessageActionsContext.Provider value={actions}>
        {history.loaded && messages.length === 0 ? (
          <div className="empty-pane">
            <p>{readOnly ? 'No messages.' : `No messages yet. Say hello to ${title}!`}</p>
          </div>
        ) : (
          <MessageList
            messages={messages}
            myId={myId}
            nameOf={nameOf}
            serverUrl={serverUrl}
            reads={chat.reads}
            focusSeq={focusSeq}
            canLoadOlder={history.loaded && history.hasOlder && !history.loading && oldestSeq !== undefined && oldestSeq > 1}
            onLoadOlder={() => void dispatch(loadMessages({ chatId: chat.id, beforeSeq: oldestSeq }))}
          />
        )}
      </MessageActionsContext.Provider>
      <div className="typing-indicator" aria-live="polite" data-testid="typing-indicator">
        {typingText && !readOnly && (
          <>
            <span className="typing-dots" aria-hidden="true">
              <i />
              <i />
              <i />
            </span>
            {typingText}
          </>
        )}
      </div>
      {readOnly ? (
        <p className="chat-ended" role="status" data-testid="chat-ended">
          {endedLine(chat)}
        </p>
      ) : (
        <Composer
          chatTitle={title}
          isConnected={isConnected}
          sendMessage={sendMessage}
          setTyping={setTyping}
          mode={mode}
          onCancelMode={() => setMode(null)}
          onEditLast={onEditLast}
          saveEdit={saveEdit}
          nameOf={nameOf}
          members={members}
        />
      )}
      {settingsOpen && <GroupSettingsDialog chat={chat} onClose={() => setSettingsOpen(false)} />}
    </section>
  );
}
