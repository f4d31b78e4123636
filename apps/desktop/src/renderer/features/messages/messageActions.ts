/**
 * What a person does to a message once it is sent: edit, delete, react, and jump to
 * the message a reply quotes. Each change goes to main, which asks the server and
 * applies the resulting event to its cache; the updated message then comes back as
 * `messages.upserted` like any other change. A refusal (not yours, edit window over,
 * offline) becomes a toast and changes nothing.
 */
import type { BridgeCallName, BridgeRequest } from '../../../common/bridge.js';
import { createAppThunk } from '../../app/hooks.js';
import type { AppDispatch } from '../../app/store.js';
import { errorMessage, invoke } from '../../bridge/rendererBridge.js';
import type { RendererBridge } from '../../bridge/rendererBridge.js';
import { toastShown } from '../toasts/toastsSlice.js';
import { loadMessages, selectHistoryMeta } from './messagesSlice.js';

/** Reactions offered by the picker; any other short token works through the API. */
export const QUICK_REACTIONS = ['👍', '❤️', '😂', '🎉', '😮', '😢'] as const;

/**
 * How many older pages a jump (to a quoted message or a search hit) may load before
 * giving up, and how big they are: a search hit may be thousands of messages back, so a
 * jump takes the largest page main serves, 40 × 200 messages at most.
 */
const MAX_JUMP_PAGES = 40;
const JUMP_PAGE_SIZE = 200;

async function change<K extends BridgeCallName>(bridge: RendererBridge, dispatch: AppDispatch, what: string, name: K, request: BridgeRequest<K>): Promise<boolean> {
  try {
    await invoke(bridge, name, request);
    return true;
  } catch (e) {
    dispatch(toastShown(`Could not ${what}: ${errorMessage(e)}`));
    return false;
  }
}

export const editMessage = createAppThunk('messages/edit', async (args: { chatId: number; seq: number; content: string; mentions?: number[] }, { extra, dispatch }) =>
  change(extra.bridge, dispatch, 'edit the message', 'messages.edit', args),
);

export const deleteMessage = createAppThunk('messages/delete', async (args: { chatId: number; seq: number }, { extra, dispatch }) =>
  change(extra.bridge, dispatch, 'delete the message', 'messages.delete', args),
);

/** Adds my reaction, or takes it back if I already reacted with it. */
export const toggleReaction = createAppThunk(
  'messages/toggleReaction',
  async (args: { chatId: number; seq: number; reaction: string; mine: boolean }, { extra, dispatch }) =>
    change(extra.bridge, dispatch, 'react', 'messages.react', { chatId: args.chatId, seq: args.seq, reaction: args.reaction, remove: args.mine }),
);

/**
 * Makes sure message `seq` of a chat is in the store, loading older pages until it is
 * (or the start of the chat is reached). Resolves whether it was found.
 */
export const revealMessage = createAppThunk('messages/reveal', async (args: { chatId: number; seq: number }, { getState, dispatch }) => {
  const loaded = () => getState().messages.ids.some((key) => {
    const m = getState().messages.entities[key];
    return m?.chat_id === args.chatId && m.seq === args.seq;
  });
  for (let page = 0; page < MAX_JUMP_PAGES && !loaded(); page++) {
    const meta = selectHistoryMeta(getState(), args.chatId);
    if (meta.loaded && !meta.hasOlder) break;
    const oldest = getState()
      .messages.ids.map((key) => getState().messages.entities[key])
      .find((m) => m?.chat_id === args.chatId && m.seq !== null)?.seq;
    if (oldest !== undefined && oldest !== null && oldest <= args.seq) break; // inside the loaded range, yet absent
    const result = await dispatch(loadMessages(oldest ? { chatId: args.chatId, beforeSeq: oldest, limit: JUMP_PAGE_SIZE } : { chatId: args.chatId }));
    if (loadMessages.rejected.match(result)) break;
  }
  return loaded();
});
