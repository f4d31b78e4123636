/**
 * The chat history, virtualized (@tanstack/react-virtual): only rows near the viewport
 * are in the DOM, so a chat with 100k messages scrolls like one with 10. It sticks to the
 * bottom while the reader is there (or just sent something), keeps the reader's place
 * when older pages are prepended, asks for an older page near the top, and scrolls to
 * (and highlights) a message a reply quote points at.
 */
import { useEffect, useLayoutEffect, useRef, type KeyboardEvent } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { ReadPosition } from '@parley/protocol';
import type { MessageView } from '../../../common/views.js';
import { MessageBubble } from './MessageBubble.js';

/** Messages from one sender within this window read as one run (one name, one avatar). */
const RUN_GAP_MS = 5 * 60_000;
/** "At the bottom" tolerates a little slack so a half-visible last row still counts. */
const BOTTOM_SLACK_PX = 80;
const LOAD_OLDER_AT_PX = 300;

interface Props {
  messages: MessageView[];
  myId: number | null;
  nameOf: (id: number) => string;
  serverUrl: string | undefined;
  /** Members' read positions, for "seen" ticks on my messages. */
  reads: ReadPosition[];
  /** The message to scroll to and highlight (a reply quote was clicked). */
  focusSeq: number | null;
  canLoadOlder: boolean;
  onLoadOlder: () => void;
}

function startsRun(messages: MessageView[], index: number): boolean {
  const current = messages[index];
  const previous = messages[index - 1];
  if (!current || !previous) return true;
  if (previous.sender_id !== current.sender_id) return true;
  return Date.parse(current.timestamp) - Date.parse(previous.timestamp) > RUN_GAP_MS;
}

export function MessageList({ messages, myId, nameOf, serverUrl, reads, focusSeq, canLoadOlder, onLoadOlder }: Props) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const atBottom = useRef(true);
  const previous = useRef<{ firstKey?: string; lastKey?: string; count: number }>({ count: 0 });
  const focusIndex = focusSeq === null ? -1 : messages.findIndex((m) => m.seq === focusSeq);

  const virtualizer = useVirtualizer({
    count: messages.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => 56,
    overscan: 10,
    getItemKey: (index) => messages[index]?.key ?? index,
  });

  useLayoutEffect(() => {
    const before = previous.current;
    const first = messages[0];
    const last = messages[messages.length - 1];
    previous.current = { firstKey: first?.key, lastKey: last?.key, count: messages.length };
    if (!last) return;
    if (before.count === 0) {
      virtualizer.scrollToIndex(messages.length - 1, { align: 'end' });
      return;
    }
    // A jump to a quoted message owns the scroll position, until the reader goes back to the bottom.
    if (focusIndex >= 0 && !atBottom.current) return;
    if (before.firstKey && first?.key !== before.firstKey) {
      // Older messages were prepended: keep the message the reader was looking at in place.
      const anchor = messages.findIndex((m) => m.key === before.firstKey);
      if (anchor > 0) virtualizer.scrollToIndex(anchor, { align: 'start' });
      return;
    }
    if (last.key !== before.lastKey && (atBottom.current || last.sender_id === myId)) {
      virtualizer.scrollToIndex(messages.length - 1, { align: 'end' });
    }
  }, [messages, myId, virtualizer, focusIndex]);

  useEffect(() => {
    if (focusIndex < 0) return;
    atBottom.current = false;
    virtualizer.scrollToIndex(focusIndex, { align: 'center' });
  }, [focusIndex, virtualizer]);

  // Images resize rows after they load; stay pinned to the bottom if we were there.
  const totalSize = virtualizer.getTotalSize();
  useEffect(() => {
    if (atBottom.current && messages.length) virtualizer.scrollToIndex(messages.length - 1, { align: 'end' });
  }, [totalSize, messages.length, virtualizer]);

  const onScroll = () => {
    const el = scrollRef.current;
    if (!el) return;
    atBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < BOTTOM_SLACK_PX;
    if (el.scrollTop < LOAD_OLDER_AT_PX && canLoadOlder) onLoadOlder();
  };

  // Home/End go through the virtualizer: the browser's own End only reaches the bottom of
  // the rows measured so far, and would lose to a jump still settling on a quoted message.
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.target !== event.currentTarget || messages.length === 0) return; // keys inside a bubble are its own
    if (event.key !== 'End' && event.key !== 'Home') return;
    event.preventDefault();
    const toEnd = event.key === 'End';
    atBottom.current = toEnd;
    virtualizer.scrollToIndex(toEnd ? messages.length - 1 : 0, { align: toEnd ? 'end' : 'start' });
  };

  const othersReads = reads.filter((r) => r.user_id !== myId);

  return (
    <div className="message-scroll" ref={scrollRef} onScroll={onScroll} onKeyDown={onKeyDown} role="log" aria-label="Messages" aria-live="polite" tabIndex={0}>
      <div className="message-canvas" style={{ height: totalSize }}>
        {virtualizer.getVirtualItems().map((item) => {
          const message = messages[item.index];
          if (!message) return null;
          const mine = message.sender_id === myId;
          const seenBy = mine && message.seq !== null ? othersReads.filter((r) => r.seq >= (message.seq as number)).map((r) => nameOf(r.user_id)) : [];
          return (
            <div key={item.key} data-index={item.index} ref={virtualizer.measureElement} className="message-row" style={{ transform: `translateY(${item.start}px)` }}>
              <MessageBubble
                message={message}
                mine={mine}
                showHeader={startsRun(messages, item.index)}
                senderName={nameOf(message.sender_id)}
                serverUrl={serverUrl}
                seenCount={seenBy.length}
                seenNames={seenBy.join(', ')}
                highlighted={item.index === focusIndex}
              />
            </div>
          );
        })}
      </div>
    </div>
  );
}
