/** Gathering a page's reaction rows onto its messages; shared by both engines. */
import type { Message } from '@parley/protocol';

export interface ReactionDbRow {
  target_seq: number;
  reaction: string;
  user_id: number;
}

/** `rows` ordered by target_seq; each message gets `[{reaction, user_ids}]` in first-reacted order. */
export function attachReactions(messages: Message[], rows: readonly ReactionDbRow[]): Message[] {
  const bySeq = new Map<number, Map<string, number[]>>();
  for (const row of rows) {
    let forMessage = bySeq.get(row.target_seq);
    if (!forMessage) bySeq.set(row.target_seq, (forMessage = new Map()));
    const users = forMessage.get(row.reaction);
    if (users) users.push(row.user_id);
    else forMessage.set(row.reaction, [row.user_id]);
  }
  for (const message of messages) {
    const forMessage = bySeq.get(message.seq);
    if (forMessage) message.reactions = [...forMessage].map(([reaction, user_ids]) => ({ reaction, user_ids }));
  }
  return messages;
}
