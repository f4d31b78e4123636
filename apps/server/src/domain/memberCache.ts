/**
 * Member lists of recently used chats, on this node. Every message send needs the list,
 * and reading it from memory instead of the database is a large part of what a send
 * costs. Membership changes (member_added/removed/left events) replace a chat's entry:
 * on the node that committed them at once, on every other node when the event arrives
 * over the bus. After a bus outage (events may be missing) the whole cache is dropped.
 */
const MEMBER_CACHE_CHATS = 50_000;

interface Entry {
  ids: number[];
  /** Seq of the membership event the list comes from; 0 when read from the store. */
  seq: number;
}

export class MemberCache {
  private readonly lists = new Map<number, Entry>();

  get(chatId: number): number[] | undefined {
    return this.lists.get(chatId)?.ids;
  }

  /** Stores a list read from the store or made by a create. */
  set(chatId: number, ids: number[]): void {
    this.put(chatId, { ids, seq: 0 });
  }

  /**
   * Applies a membership event. Events of one chat can arrive from several nodes in
   * any order; an older one never replaces what a newer one set.
   */
  apply(chatId: number, seq: number, ids: number[]): void {
    const current = this.lists.get(chatId);
    if (current && current.seq >= seq) return;
    this.put(chatId, { ids, seq });
  }

  private put(chatId: number, entry: Entry): void {
    // Bounded: the oldest entry goes first (Map keeps insertion order).
    if (!this.lists.has(chatId) && this.lists.size >= MEMBER_CACHE_CHATS) this.lists.delete(this.lists.keys().next().value!);
    this.lists.set(chatId, entry);
  }

  clear(): void {
    this.lists.clear();
  }
}
