import type { ChatEvent, Comment, Connection, ConnectionEndReason, Message, Post, Preferences } from '@parley/protocol';

/**
 * What happened in the domain, published after the change is durably committed.
 * The realtime layer turns these into frames and decides who receives them; with a
 * cross-node bus the same events travel between nodes. Domain code never knows
 * about sockets.
 */
export type DomainEvent =
  | { kind: 'message_created'; message: Message; memberIds: number[] }
  | { kind: 'chat_created'; chatId: number; title: string | null; memberIds: number[]; isGroup: boolean; adminIds: number[] }
  /**
   * Any event of a chat's seq stream other than a plain message (those stay
   * `message_created`, the hot path). For member events `event.member_ids` is the
   * membership after it; `chat` is the chat after it, for `chat_created` to an added member.
   */
  | { kind: 'chat_event'; event: ChatEvent; chat: { title: string | null; isGroup: boolean; adminIds: number[] } | null }
  /** A member's read position moved; not part of the seq stream. */
  | { kind: 'read'; chatId: number; userId: number; seq: number }
  | { kind: 'typing'; chatId: number; userId: number; isTyping: boolean; memberIds: number[] }
  | { kind: 'post_created'; post: Post }
  | { kind: 'comment_created'; comment: Comment; postAuthorId: number; actorName: string }
  | { kind: 'reaction_created'; postId: number; postAuthorId: number; userId: number; actorName: string; reaction: string }
  | { kind: 'connection_requested'; connection: Connection; fromUserName: string }
  | { kind: 'connection_accepted'; connection: Connection; fromUserName: string; toUserName: string }
  /** For every socket of the user (their own devices). */
  | { kind: 'preferences_updated'; userId: number; preferences: Preferences }
  /** The connection or request (as it was before deletion) ended by `actorId`; see ConnectionRemovedFrame. */
  | { kind: 'connection_removed'; connection: Connection; actorId: number; reason: ConnectionEndReason }
  /**
   * Sessions ended (signed out, password changed, refresh token reused, account
   * deactivated): every node closes their sockets. `sessionIds: 'all'` means every
   * session of the user.
   */
  | { kind: 'sessions_revoked'; userId: number; sessionIds: number[] | 'all'; reason: 'signed_out' | 'deactivated' }
  /** Sent to the user's own sockets and their accepted connections'. */
  | { kind: 'profile_updated'; userId: number; fullName: string; avatarUrl: string | null; peerIds: number[] };

/** Publishing is fire-and-forget from the domain's point of view; delivery is the realtime layer's job. */
export interface EventSink {
  publish(event: DomainEvent): void;
}
