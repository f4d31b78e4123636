/**
 * Group settings: rename, add a contact, remove a member, leave. Main asks the server
 * and applies the event it answers with, so the chat list and header update from the
 * cache; a refusal (not an admin, not a contact, offline) is thrown back to the dialog,
 * which shows it.
 */
import { createAppThunk } from '../../app/hooks.js';
import { invoke } from '../../bridge/rendererBridge.js';

export const renameGroup = createAppThunk('chats/rename', async (args: { chatId: number; title: string }, { extra }) => {
  await invoke(extra.bridge, 'chats.rename', args);
});

export const addGroupMember = createAppThunk('chats/addMember', async (args: { chatId: number; userId: number }, { extra }) => {
  await invoke(extra.bridge, 'chats.addMember', args);
});

export const removeGroupMember = createAppThunk('chats/removeMember', async (args: { chatId: number; userId: number }, { extra }) => {
  await invoke(extra.bridge, 'chats.removeMember', args);
});

export const leaveGroup = createAppThunk('chats/leave', async (args: { chatId: number }, { extra }) => {
  await invoke(extra.bridge, 'chats.leave', args);
});
