/** One open chat: header, virtualized history, "X is typing…", composer. */
import { useEffect, useMemo } from 'react';
import type { ChatView } from '../../../common/views.js';
import { useAppDispatch, useAppSelector } from '../../app/hooks.js';
import { useWebSocketChat } from '../../hooks/useWebSocketHooks.js';
import { Avatar } from '../../ui/Avatar.js';
import { Icon } from '../../ui/Icon.js';
import { setChatMuted } from '../chats/chatsSlice.js';
import { useChatNames } from '../chats/useChatNames.js';
import { selectOnlineIds } from '../presence/presenceSlice.js';
import { selectSession } from '../session/sessionSlice.js';
import { selectTypingUserIds } from '../typing/typingSlice.js';
import { Composer } from './Composer.js';
import { MessageList } from './MessageList.js';
import { loadMessages, makeSelectChatMessages, selectHistoryMeta } from './messagesSlice.js';
import { useChatFocus } from './useChatFocus.js';
import { typingSentence, useTypingPeople } from './useTypingPeople.js';

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

  const { sendMessage, setTyping, isConnected } = useWebSocketChat(
    chat.id,
    // A message from someone ends their typing; the message itself arrives via the store.
    (message) => onTyping(message.sender_id, false),
    onTyping,
  );
  useChatFocus(chat);

  useEffect(() => {
    void dispatch(loadMessages({ chatId: chat.id }));
  }, [dispatch, chat.id]);

  const title = titleOf(chat);
  const others = chat.member_ids.filter((id) => id !== myId);
  const peer = others.length === 1 ? others[0] : undefined;
  const oldestSeq = messages.find((m) => m.seq !== null)?.seq ?? undefined;
  const typingIds = [...new Set([...typingUserIds, ...storedTyping])].filter((id) => id !== myId);
  const typingText = typingSentence(typingIds.map(nameOf));
  const subtitle =
    peer !== undefined ? (online.has(peer) ? 'Online' : 'Offline') : `${chat.member_ids.length} members · ${others.filter((id) => online.has(id)).length} online`;

  return (
    <section className="chat-pane" aria-label={`Chat with ${title}`} data-testid="chat-pane">
      <header className="pane-header chat-header">
        <Avatar id={peer ?? chat.id} name={title} online={peer !== undefined ? online.has(peer) : undefined} />
        <div className="chat-header-text">
          <h2>{title}</h2>
          <span className="chat-header-sub">{subtitle}</span>
        </div>
        <button
          type="button"
          className={`icon-btn${chat.muted ? ' is-active' : ''}`}
          aria-pressed={chat.muted}
          aria-label={chat.muted ? 'Unmute chat' : 'Mute chat'}
          title={chat.muted ? 'Unmute chat' : 'Mute chat'}
          onClick={() => void dispatch(setChatMuted({ chatId: chat.id, muted: !chat.muted }))}
        >
          <Icon name={chat.muted ? 'bellOff' : 'bell'} />
        </button>
      </header>
      {history.loaded && messages.length === 0 ? (
        <div className="empty-pane">
          <p>No messages yet. Say hello to {title}!</p>
        </div>
      ) : (
        <MessageList
          messages={messages}
          myId={myId}
          nameOf={nameOf}
          serverUrl={serverUrl}
          canLoadOlder={history.loaded && history.hasOlder && !history.loading && oldestSeq !== undefined && oldestSeq > 1}
          onLoadOlder={() => void dispatch(loadMessages({ chatId: chat.id, beforeSeq: oldestSeq }))}
        />
      )}
      <div className="typing-indicator" aria-live="polite" data-testid="typing-indicator">
        {typingText && (
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
      <Composer chatTitle={title} isConnected={isConnected} sendMessage={sendMessage} setTyping={setTyping} />
    </section>
  );
}
