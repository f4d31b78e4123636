/**
 * Message search in the list pane: results as the user types (debounced; a late answer
 * to an older query is dropped by the slice), filters as chips or typed (`from:`, `in:`,
 * `has:file`, `before:`, `after:`, "phrases"), scope all chats / this chat, highlighted
 * snippets, and Enter or click to open the chat at that message. Arrow keys move from
 * the box through the results.
 */
import { useEffect, useMemo, useRef, type KeyboardEvent } from 'react';
import { parseSearchQuery, isSearchEmpty } from '@parley/protocol';
import { snippetSegments } from '../../../common/searchText.js';
import type { MessageView } from '../../../common/views.js';
import { useAppDispatch, useAppSelector } from '../../app/hooks.js';
import { formatListTime } from '../../ui/format.js';
import { Icon } from '../../ui/Icon.js';
import { selectChatById } from '../chats/chatsSlice.js';
import { useChatNames } from '../chats/useChatNames.js';
import { chatOpened } from '../navigation/navigationSlice.js';
import { Highlighted } from './Highlighted.js';
import { hitOpened, queryChanged, scopeChanged, searchClosed, searchCleared, searchMessages, selectSearch } from './searchSlice.js';

/** Long enough to skip the keystrokes of a word being typed, short enough to feel instant. */
const DEBOUNCE_MS = 180;

const CHIPS: { label: string; token: string }[] = [
  { label: 'From me', token: 'from:me' },
  { label: 'Has file', token: 'has:file' },
];

export function SearchPanel() {
  const dispatch = useAppDispatch();
  const search = useAppSelector(selectSearch);
  const scopeChat = useAppSelector((state) => (search.chatId === null ? undefined : selectChatById(state, search.chatId)));
  const { nameOf, titleOf } = useChatNames();
  const chatsById = useAppSelector((state) => state.chats.entities);
  const inputRef = useRef<HTMLInputElement>(null);
  const listRef = useRef<HTMLUListElement>(null);
  const parsed = useMemo(() => parseSearchQuery(search.query), [search.query]);

  useEffect(() => inputRef.current?.focus(), []);

  // As the user types: one search per pause, none for an empty query.
  useEffect(() => {
    if (isSearchEmpty(parsed)) {
      dispatch(searchCleared());
      return;
    }
    const timer = setTimeout(() => void dispatch(searchMessages({ q: search.query, chatId: search.chatId })), DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [dispatch, parsed, search.query, search.chatId]);

  const toggleChip = (token: string) => {
    const words = search.query.split(/\s+/).filter(Boolean);
    const next = words.includes(token) ? words.filter((w) => w !== token) : [...words, token];
    dispatch(queryChanged(next.join(' ') + (next.length ? ' ' : '')));
    inputRef.current?.focus();
  };

  const open = (hit: MessageView) => {
    if (hit.seq === null) return;
    dispatch(chatOpened(hit.chat_id));
    dispatch(hitOpened({ chatId: hit.chat_id, seq: hit.seq }));
  };

  const moveFocus = (event: KeyboardEvent<HTMLElement>) => {
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
    event.preventDefault();
    const items = [...(listRef.current?.querySelectorAll<HTMLElement>('[role="option"]') ?? [])];
    const index = items.indexOf(document.activeElement as HTMLElement);
    if (event.key === 'ArrowUp' && index <= 0) return inputRef.current?.focus();
    items[Math.min(items.length - 1, Math.max(0, index + (event.key === 'ArrowDown' ? 1 : -1)))]?.focus();
  };

  const empty = isSearchEmpty(parsed);
  return (
    <section className="list-pane search-pane" aria-label="Search messages" data-testid="search-pane">
      <header className="pane-header">
        <h2>Search</h2>
        <button type="button" className="icon-btn" aria-label="Close search" title="Close search (Esc)" onClick={() => dispatch(searchClosed())}>
          <Icon name="close" />
        </button>
      </header>
      <div className="pane-search">
        <Icon name="search" size={16} />
        <input
          ref={inputRef}
          type="search"
          placeholder={scopeChat ? `Search in ${titleOf(scopeChat)}` : 'Search all messages'}
          aria-label="Search messages"
          data-testid="search-input"
          value={search.query}
          onChange={(e) => dispatch(queryChanged(e.target.value))}
          onKeyDown={(e) => {
            if (e.key === 'Escape') dispatch(searchClosed());
            else moveFocus(e);
          }}
        />
      </div>
      <div className="search-chips" role="group" aria-label="Filters">
        {scopeChat && (
          <button type="button" className="chip is-on" aria-pressed="true" data-testid="search-scope" onClick={() => dispatch(scopeChanged(null))}>
            In {titleOf(scopeChat)} <Icon name="close" size={10} />
          </button>
        )}
        {CHIPS.map((chip) => {
          const on = search.query.split(/\s+/).includes(chip.token);
          return (
            <button key={chip.token} type="button" className={`chip${on ? ' is-on' : ''}`} aria-pressed={on} onClick={() => toggleChip(chip.token)}>
              {chip.label}
            </button>
          );
        })}
      </div>
      <p className="search-status" role="status" data-testid="search-status">
        {empty
          ? 'Words, "a phrase", from:name, in:chat, has:file, before:2024-05-01, after:2024-05-01'
          : search.status === 'error'
            ? `Search failed: ${search.error}`
            : search.status === 'done' && search.hits.length === 0
              ? 'No messages match.'
              : search.status === 'done' && !search.serverSearched
                ? 'Showing messages on this device only: the server could not be searched.'
                : search.status === 'loading' && search.hits.length === 0
                  ? 'Searching…'
                  : ''}
      </p>
      {!empty && search.hits.length > 0 && (
        <ul className="search-results" role="listbox" aria-label="Search results" ref={listRef} onKeyDown={moveFocus}>
          {search.hits.map((hit) => {
            const chat = chatsById[hit.chat_id];
            return (
              <li
                key={hit.key}
                role="option"
                aria-selected={false}
                tabIndex={-1}
                className="search-hit"
                data-testid="search-hit"
                onClick={() => open(hit)}
                onKeyDown={(e) => {
                  if (e.key === 'Enter' || e.key === ' ') {
                    e.preventDefault();
                    open(hit);
                  }
                }}
              >
                <div className="search-hit-top">
                  <span className="search-hit-who">{nameOf(hit.sender_id)}</span>
                  {search.chatId === null && <span className="search-hit-chat">in {chat ? titleOf(chat) : 'a chat'}</span>}
                  <time className="chat-row-time">{formatListTime(hit.timestamp)}</time>
                </div>
                <div className="search-hit-text">
                  {hit.content ? <Highlighted segments={snippetSegments(hit.content, parsed)} /> : hit.attachment ? <em>Attachment</em> : null}
                </div>
              </li>
            );
          })}
          {search.nextBefore !== null && (
            <li className="search-more">
              <button
                type="button"
                className="link-btn"
                disabled={search.status === 'loading'}
                onClick={() => void dispatch(searchMessages({ q: search.query, chatId: search.chatId, before: search.nextBefore ?? undefined }))}
              >
                Show older results
              </button>
            </li>
          )}
        </ul>
      )}
    </section>
  );
}
