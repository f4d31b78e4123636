/**
 * Server frames that belong in the notification list, as NotificationView rows with
 * ids derived from the item itself (`comment:12`, `request:4`), so the same event seen
 * twice — on two channels, or after a reconnect — is one row.
 */
import type { CommentOnPostFrame, ConnectionAcceptedFrame, ConnectionRequestFrame, ReactionOnPostFrame } from '@parley/protocol';
import type { NotificationView } from '../../common/views.js';

type Item = Omit<NotificationView, 'read'>;

export function requestItem(f: ConnectionRequestFrame, timestamp: string): Item {
  return {
    id: `request:${f.request_id}`,
    kind: 'connection_request',
    title: `${f.from_user_name} wants to connect`,
    body: 'Open requests to accept.',
    timestamp,
    target: { kind: 'requests' },
  };
}

export function acceptedItem(f: ConnectionAcceptedFrame, timestamp: string): Item {
  return {
    id: `accepted:${f.request_id}`,
    kind: 'connection_accepted',
    title: `You are now connected with ${f.user_name}`,
    body: 'Start a chat from People.',
    timestamp,
    target: { kind: 'people' },
  };
}

export function commentItem(f: CommentOnPostFrame, timestamp: string): Item {
  return {
    id: `comment:${f.comment_id}`,
    kind: 'comment_on_post',
    title: `${f.user_name} commented on your post`,
    body: f.content.length > 120 ? `${f.content.slice(0, 119)}…` : f.content,
    timestamp,
    target: { kind: 'post', postId: f.post_id },
  };
}

export function reactionItem(f: ReactionOnPostFrame, timestamp: string): Item {
  return {
    id: `reaction:${f.post_id}:${f.user_id}:${f.reaction}`,
    kind: 'reaction_on_post',
    title: `${f.user_name} reacted ${f.reaction} to your post`,
    body: '',
    timestamp,
    target: { kind: 'post', postId: f.post_id },
  };
}
