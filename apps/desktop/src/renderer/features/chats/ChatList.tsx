/**
 * The chat list: one row per chat with its last message, time, unread badge and, for
 * one-to-one chats, the peer's online dot. Arrow keys move between rows (a listbox).
 */
import { useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { useAppDispatch, useAppSelector } from '../../app/hooks.js';
import { Avatar } from '../../ui/Avatar.js';
import { formatListTime } from '../../ui/format.js';
import { Icon } from '../../ui/Icon.js';
import { chatOpened, selectOpenChatId } from '../navigation/navigationSlice.js';
import { selectOnlineIds } from '../presence/presenceSlice.js';
import { selectChatsWithTyping } from '../typing/typingSlice.js';
import { selectChats } from './chatsSlice.js';
import { useChatNames } from './useChatNames.js';
import type { ChatView } from '../../../common/views.js';

function preview(chat: ChatView, myId: number | null, nameOf: (id: number) => string): string {
  const last = chat.last_message;
  if (!last) return 'No messages yet';
  const body = last.deleted ? 'Message deleted' : last.content || (last.attachment ? 'Attachment' : '');
  const who = last.sender_id === myId ? 'You' : chat.member_ids.length > 2 ? nameOf(last.sender_id).split(' ')[0] : null;
  return who ? `${who}: ${body}` : body;
}

export function ChatList({ onNewChat, onSearch }: { onNewChat: () => void; onSearch: () => void }) {
  const dispatch = useAppDispatch();
  const chats = useAppSelector(selectChats);
  const openId = useAppSelector(selectOpenChatId);
  const online = useAppSelector(selectOnlineIds);
  const typing = useAppSelector(selectChatsWithTyping);
  const { nameOf, titleOf, myId } = useChatNames();
  const [filter, setFilter] = useState('');
  const listRef = useRef<HTMLUListElement>(null);

  const rows = useMemo(() => {
    const q = filter.trim().toLowerCase();
    return chats.map((chat) => ({ chat, title: titleOf(chat) })).filter((row) => !q || row.title.toLowerCase().includes(q));
  }, [chats, filter, titleOf]);

  const onKeyDown = (event: KeyboardEvent<HTMLUListElement>) => {
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
    event.preventDefault();
    const items = [...(listRef.current?.querySelectorAll<HTMLElement>('[role="option"]') ?? [])];
    const index = items.indexOf(document.activeElement as HTMLElement);
    const next = items[Math.min(items.length - 1, Math.max(0, index + (event.key === 'ArrowDown' ? 1 : -1)))];
    next?.focus();
  };

  return (
    <section className="list-pane" aria-label="Chats">
      <header className="pane-header">
        <h2>Chats</h2>
        <button type="button" className="icon-btn" aria-label="Search messages" title="Search messages (Ctrl+Shift+F)" onClick={onSearch} data-testid="open-search">
          <Icon name="search" />
        </button>
        <button type="button" className="icon-btn" aria-label="New chat" title="New chat" onClick={onNewChat} data-testid="new-chat">
          <Icon name="plus" />
        </button>
      </header>
      <div className="pane-search">
        <Icon name="search" size={16} />
        <input type="search" placeholder="Search chats" aria-label="Search chats" value={filter} onChange={(e) => setFilter(e.target.value)} />
      </div>
      {rows.length === 0 ? (
        <p className="empty-hint">{chats.length ? 'No chat matches.' : 'No chats yet. Start one with a contact.'}</p>
      ) : (
        <ul className="chat-list" role="listbox" aria-label="Chat list" ref={listRef} onKeyDown={onKeyDown}>
          {rows.map(({ chat, title }) => {
            const others = chat.member_ids.filter((id) => id !== myId);
            const peer = others.length === 1 ? others[0] : undefined;
            const selected = chat.id === openId;
            const unread = chat.unread_count > 0;
            return (
              <li
                key={chat.id}
                role="option"
                aria-selected={selected}
                tabIndex={selected || (!openId && rows[0]?.chat.id === chat.id) ? 0 : -1}
                className={`chat-row${selected ? ' is-selected' : ''}${unread ? ' is-unread' : ''}`}
                data-testid={`chat-row-${chat.id}`}
                onClick={() => dispatch(chatOpened(chat.id))}
                onKeyDown={(e) => {
                  if (e.key === 'Enter' || e.key === ' ') {
                    e.preventDefault();
                    dispatch(chatOpened(chat.id));
                  }
                }}
              >
                <Avatar id={peer ?? chat.id} name={title} online={peer !== undefined ? online.has(peer) : undefined} />
                <div className="chat-row-main">
                  <div className="chat-row-top">
                    <span className="chat-row-title">{title}</span>
                    {chat.muted && (
                      <span className="muted-icon" title="Muted">
                        <Icon name="bellOff" size={14} />
                      </span>
                    )}
                    <time className="chat-row-time">{chat.last_message ? formatListTime(chat.last_message.timestamp) : ''}</time>
                  </div>
                  <div className="chat-row-bottom">
                    <span className={`chat-row-preview${typing.has(chat.id) ? ' is-typing' : ''}`}>
                      {typing.has(chat.id) ? 'typing…' : preview(chat, myId, nameOf)}
                    </span>
                    {unread && (
                      <span className={`badge${chat.muted ? ' badge-muted' : ''}`} aria-label={`${chat.unread_count} unread`} data-testid="unread-badge">
                        {chat.unread_count > 99 ? '99+' : chat.unread_count}
                      </span>
                    )}
                  </div>
                </div>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
