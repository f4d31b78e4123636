/**
 * One message: the quote of the message it answers (click to jump there), its text or
 * attachment — or the tombstone line once deleted — the "edited" mark, delivery and
 * "seen" ticks on my own messages, reaction chips (click to toggle mine), and its menu
 * (hover button, right-click, or Enter / Shift+F10 while the message has focus).
 */
import { memo, useCallback, useState, type KeyboardEvent, type MouseEvent } from 'react';
import { mentionSegments } from '../../../common/searchText.js';
import type { MessageView } from '../../../common/views.js';
import { useAppDispatch, useAppSelector } from '../../app/hooks.js';
import { Avatar } from '../../ui/Avatar.js';
import { Dialog } from '../../ui/Dialog.js';
import { formatTime } from '../../ui/format.js';
import { Icon } from '../../ui/Icon.js';
import { AttachmentView } from './AttachmentView.js';
import { MessageMenu } from './MessageMenu.js';
import { allowedActions, useMessageActions, type MessageActions } from './messageActionsContext.js';
import { retryMessage, selectMessageBySeq } from './messagesSlice.js';
import { LinkifiedText } from '../../ui/LinkifiedText.js';

interface Props {
  message: MessageView;
  mine: boolean;
  /** First of a run from the same sender: show name and avatar. */
  showHeader: boolean;
  senderName: string;
  serverUrl: string | undefined;
  /** Members other than me who have read this message (my messages only). */
  seenCount: number;
  seenNames: string;
  highlighted: boolean;
}

function DeliveryStatus({ message, seenCount, seenNames }: { message: MessageView; seenCount: number; seenNames: string }) {
  const dispatch = useAppDispatch();
  if (message.state === 'pending') {
    return (
      <span className="delivery is-pending" title="Sending…" aria-label="Sending">
        <Icon name="clock" size={13} />
      </span>
    );
  }
  if (message.state === 'failed') {
    return (
      <span className="delivery is-failed" role="alert">
        <Icon name="alert" size={13} /> Not sent{message.error ? `: ${message.error}` : ''}
        {message.client_id && (
          <button type="button" className="link-btn" onClick={() => void dispatch(retryMessage(message.client_id ?? ''))}>
            Retry
          </button>
        )}
      </span>
    );
  }
  if (seenCount > 0) {
    return (
      <span className="delivery is-seen" title={`Seen by ${seenNames}`} aria-label={`Seen by ${seenNames}`} data-testid="seen">
        <Icon name="checks" size={15} />
      </span>
    );
  }
  return (
    <span className="delivery is-sent" title="Sent" aria-label="Sent">
      <Icon name="check" size={13} />
    </span>
  );
}

function ReplyQuote({ message, actions }: { message: MessageView; actions: MessageActions | null }) {
  const seq = message.reply_to_seq as number;
  const quoted = useAppSelector((state) => selectMessageBySeq(state, message.chat_id, seq));
  const who = quoted ? (actions?.nameOf(quoted.sender_id) ?? '') : '';
  const text = !quoted ? 'Earlier message' : quoted.deleted ? 'This message was deleted' : quoted.content || (quoted.attachment ? 'Attachment' : '');
  return (
    <button type="button" className="reply-quote" data-testid="reply-quote" aria-label={`Reply to ${who || 'a message'}: ${text}. Show it`} onClick={() => actions?.jumpTo(seq)}>
      {who && <span className="reply-quote-who">{who}</span>}
      <span className="reply-quote-text">{text}</span>
    </button>
  );
}

function Reactions({ message, actions }: { message: MessageView; actions: MessageActions | null }) {
  if (!message.reactions.length) return null;
  const canReact = allowedActions(message, actions).react;
  return (
    <div className="reactions" data-testid="reactions">
      {message.reactions.map((r) => {
        const mine = actions?.myId !== null && actions?.myId !== undefined && r.user_ids.includes(actions.myId);
        const names = r.user_ids.map((id) => (id === actions?.myId ? 'You' : (actions?.nameOf(id) ?? `User ${id}`))).join(', ');
        return (
          <button
            key={r.reaction}
            type="button"
            className={`reaction-chip${mine ? ' is-mine' : ''}`}
            aria-pressed={mine}
            aria-label={`${r.reaction} ${r.user_ids.length}: ${names}`}
            title={names}
            disabled={!canReact}
            data-testid="reaction-chip"
            onClick={() => actions?.react(message, r.reaction)}
          >
            <span>{r.reaction}</span>
            <span className="reaction-count">{r.user_ids.length}</span>
          </button>
        );
      })}
    </div>
  );
}

/**
 * The text with its links clickable and `@Name` of each mentioned member marked (mine
 * most strongly). Links are found first, so a URL that contains `@Name` stays one link.
 */
function MessageText({ message, actions }: { message: MessageView; actions: MessageActions | null }) {
  const mentions = message.mentions ?? [];
  if (mentions.length === 0 || !actions) return <LinkifiedText text={message.content} />;
  const mentioned = mentions.map((id) => ({ id, name: actions.nameOf(id) }));
  const markMentions = (text: string) =>
    mentionSegments(text, mentioned).map((s, i) =>
      s.mention !== undefined ? (
        <span key={i} className={`mention${s.mention === actions.myId ? ' is-me' : ''}`} data-testid="mention" data-user-id={s.mention}>
          {s.text}
        </span>
      ) : (
        <span key={i}>{s.text}</span>
      ),
    );
  return <LinkifiedText text={message.content} renderText={markMentions} />;
}

export const MessageBubble = memo(function MessageBubble({ message, mine, showHeader, senderName, serverUrl, seenCount, seenNames, highlighted }: Props) {
  const actions = useMessageActions();
  const [menuOpen, setMenuOpen] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [root, setRoot] = useState<HTMLDivElement | null>(null);
  const allowed = allowedActions(message, actions);
  const hasMenu = allowed.reply || allowed.react || allowed.edit || allowed.remove;
  const mentionsMe = !mine && !message.deleted && actions?.myId != null && (message.mentions ?? []).includes(actions.myId);

  const closeMenu = useCallback(
    (returnFocus: boolean) => {
      setMenuOpen(false);
      if (returnFocus) root?.focus();
    },
    [root],
  );
  const onContextMenu = (event: MouseEvent) => {
    if (!hasMenu) return;
    event.preventDefault();
    setMenuOpen(true);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.target !== event.currentTarget || !hasMenu) return;
    if (event.key === 'Enter' || event.key === 'ContextMenu' || (event.key === 'F10' && event.shiftKey)) {
      event.preventDefault();
      setMenuOpen(true);
    }
  };

  return (
    <div
      ref={setRoot}
      className={`message${mine ? ' is-mine' : ''}${showHeader ? ' has-header' : ''}${highlighted ? ' is-highlighted' : ''}${message.deleted ? ' is-deleted' : ''}${mentionsMe ? ' mentions-me' : ''}`}
      data-testid="message"
      data-state={message.state}
      data-seq={message.seq ?? ''}
      data-deleted={message.deleted ? 'true' : undefined}
      tabIndex={hasMenu ? 0 : undefined}
      aria-label={hasMenu ? `Message from ${mine ? 'you' : senderName}. Press Enter for actions` : undefined}
      onContextMenu={onContextMenu}
      onKeyDown={onKeyDown}
    >
      <div className="message-gutter">{showHeader && !mine && <Avatar id={message.sender_id} name={senderName} size="sm" />}</div>
      <div className="message-body">
        {showHeader && !mine && <div className="message-sender">{senderName}</div>}
        <div className="bubble-wrap">
          <div className={`bubble is-${message.state}`}>
            {message.reply_to_seq !== null && !message.deleted && <ReplyQuote message={message} actions={actions} />}
            {message.deleted ? (
              <p className="tombstone" data-testid="tombstone">
                <Icon name="trash" size={13} /> This message was deleted
              </p>
            ) : (
              <>
                {message.attachment && <AttachmentView url={message.attachment} serverUrl={serverUrl} />}
                {message.content && (
                  <p className="bubble-text">
                    <MessageText message={message} actions={actions} />
                  </p>
                )}
              </>
            )}
            <span className="bubble-meta">
              {message.edited_at && !message.deleted && (
                <span className="edited-mark" data-testid="edited-mark" title={`Edited ${formatTime(message.edited_at)}`}>
                  edited
                </span>
              )}
              <time dateTime={message.timestamp}>{formatTime(message.timestamp)}</time>
              {mine && !message.deleted && <DeliveryStatus message={message} seenCount={seenCount} seenNames={seenNames} />}
            </span>
          </div>
          {hasMenu && (
            <button type="button" className="message-menu-btn icon-btn" aria-label="Message actions" aria-haspopup="menu" aria-expanded={menuOpen} tabIndex={-1} onClick={() => setMenuOpen((open) => !open)}>
              <Icon name="more" size={16} />
            </button>
          )}
          {menuOpen && actions && <MessageMenu message={message} actions={actions} onClose={closeMenu} onDelete={() => setConfirmDelete(true)} />}
        </div>
        <Reactions message={message} actions={actions} />
      </div>
      {confirmDelete && actions && (
        <Dialog title="Delete message?" onClose={() => setConfirmDelete(false)}>
          <div className="dialog-body">
            <p>It will be deleted for everyone in this chat. This cannot be undone.</p>
            <div className="dialog-actions">
              <button type="button" className="btn" onClick={() => setConfirmDelete(false)}>
                Cancel
              </button>
              <button
                type="button"
                className="btn btn-danger"
                onClick={() => {
                  setConfirmDelete(false);
                  actions.remove(message);
                }}
              >
                Delete
              </button>
            </div>
          </div>
        </Dialog>
      )}
    </div>
  );
});
