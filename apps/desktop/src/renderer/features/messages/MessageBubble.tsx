import { memo } from 'react';
import type { MessageView } from '../../../common/views.js';
import { useAppDispatch } from '../../app/hooks.js';
import { Avatar } from '../../ui/Avatar.js';
import { formatTime } from '../../ui/format.js';
import { Icon } from '../../ui/Icon.js';
import { AttachmentView } from './AttachmentView.js';
import { retryMessage } from './messagesSlice.js';

interface Props {
  message: MessageView;
  mine: boolean;
  /** First of a run from the same sender: show name and avatar. */
  showHeader: boolean;
  senderName: string;
  serverUrl: string | undefined;
}

function DeliveryStatus({ message }: { message: MessageView }) {
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
  return (
    <span className="delivery is-sent" title="Sent" aria-label="Sent">
      <Icon name="check" size={13} />
    </span>
  );
}

export const MessageBubble = memo(function MessageBubble({ message, mine, showHeader, senderName, serverUrl }: Props) {
  return (
    <div
      className={`message${mine ? ' is-mine' : ''}${showHeader ? ' has-header' : ''}`}
      data-testid="message"
      data-state={message.state}
      data-seq={message.seq ?? ''}
    >
      <div className="message-gutter">{showHeader && !mine && <Avatar id={message.sender_id} name={senderName} size="sm" />}</div>
      <div className="message-body">
        {showHeader && !mine && <div className="message-sender">{senderName}</div>}
        <div className={`bubble is-${message.state}`}>
          {message.attachment && <AttachmentView url={message.attachment} serverUrl={serverUrl} />}
          {message.content && <p className="bubble-text">{message.content}</p>}
          <span className="bubble-meta">
            <time dateTime={message.timestamp}>{formatTime(message.timestamp)}</time>
            {mine && <DeliveryStatus message={message} />}
          </span>
        </div>
      </div>
    </div>
  );
});
