import type { ConnectionEndReason } from '../rest/blocks.js';
import type { Comment, Post } from '../rest/posts.js';
import type { PreferencesUpdatedFrame } from '../rest/preferences.js';

/** `connections` and `notifications`: someone asked to connect with you. */
export interface ConnectionRequestFrame {
  type: 'connection_request';
  request_id: number;
  from_user_id: number;
  from_user_name: string;
}
/** `connections`: `user_id` is the peer who is now connected with you. */
export interface ConnectionAcceptedFrame {
  type: 'connection_accepted';
  request_id: number;
  user_id: number;
  user_name: string;
}
/**
 * `connections`: a request or connection between you and `user_id` ended — declined,
 * cancelled by its sender, removed, or ended by a block. Both sides get it (with
 * `user_id` = the other person), so lists and presence update everywhere.
 */
export interface ConnectionRemovedFrame {
  type: 'connection_removed';
  request_id: number;
  user_id: number;
  reason: ConnectionEndReason;
}
/** `connections`: a connected user (or you, on your other devices) changed their profile. */
export interface ProfileUpdatedFrame {
  type: 'profile_updated';
  user_id: number;
  full_name: string;
  avatar_url: string | null;
}
export type ConnectionsServerFrame =
  | ConnectionRequestFrame
  | ConnectionAcceptedFrame
  | ConnectionRemovedFrame
  | ProfileUpdatedFrame;

/** `notifications`: only to the addressed user, never to the actor. */
export interface CommentOnPostFrame {
  type: 'comment_on_post';
  post_id: number;
  comment_id: number;
  user_id: number;
  user_name: string;
  content: string;
}
export interface ReactionOnPostFrame {
  type: 'reaction_on_post';
  post_id: number;
  user_id: number;
  user_name: string;
  reaction: string;
}
export type NotificationsServerFrame = ConnectionRequestFrame | CommentOnPostFrame | ReactionOnPostFrame | PreferencesUpdatedFrame;

/** `feed`. */
export interface NewPostFrame {
  type: 'new_post';
  post: Pick<Post, 'id' | 'userId' | 'content' | 'timestamp'> & Partial<Post>;
}
export interface NewCommentFrame {
  type: 'new_comment';
  comment: Pick<Comment, 'id' | 'postId' | 'userId' | 'content' | 'timestamp'> & Partial<Comment>;
}
export type FeedServerFrame = NewPostFrame | NewCommentFrame;

/** `online`: only about the user's accepted connections. */
export interface OnlineUsersFrame {
  type: 'online_users';
  users: { user_id: number; full_name: string }[];
}
export interface UserOnlineFrame {
  type: 'user_online';
  user_id: number;
  full_name: string;
}
export interface UserOfflineFrame {
  type: 'user_offline';
  user_id: number;
}
export type OnlineServerFrame = OnlineUsersFrame | UserOnlineFrame | UserOfflineFrame;
