/** Start a chat with one contact (reusing an existing one-to-one chat) or a group. */
import { useState, type FormEvent } from 'react';
import { useAppDispatch, useAppSelector } from '../../app/hooks.js';
import { errorMessage } from '../../bridge/rendererBridge.js';
import { Avatar } from '../../ui/Avatar.js';
import { Dialog } from '../../ui/Dialog.js';
import { selectContacts } from '../connections/connectionsSlice.js';
import { chatOpened } from '../navigation/navigationSlice.js';
import { selectOnlineIds } from '../presence/presenceSlice.js';
import { selectMyId } from '../session/sessionSlice.js';
import { createChat, selectChats } from './chatsSlice.js';

export function NewChatDialog({ onClose }: { onClose: () => void }) {
  const dispatch = useAppDispatch();
  const contacts = useAppSelector(selectContacts);
  const online = useAppSelector(selectOnlineIds);
  const chats = useAppSelector(selectChats);
  const myId = useAppSelector(selectMyId);
  const [picked, setPicked] = useState<number[]>([]);
  const [title, setTitle] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const toggle = (id: number) => setPicked((p) => (p.includes(id) ? p.filter((x) => x !== id) : [...p, id]));

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (!picked.length || busy) return;
    if (picked.length === 1 && !title.trim()) {
      const existing = chats.find((c) => !c.is_group && !c.ended && c.member_ids.filter((id) => id !== myId).join() === String(picked[0]));
      if (existing) {
        dispatch(chatOpened(existing.id));
        onClose();
        return;
      }
    }
    setBusy(true);
    setError(null);
    try {
      const chat = await dispatch(createChat({ memberIds: picked, title: picked.length > 1 ? title : undefined })).unwrap();
      dispatch(chatOpened(chat.id));
      onClose();
    } catch (e) {
      setError(errorMessage(e));
      setBusy(false);
    }
  };

  return (
    <Dialog title="New chat" onClose={onClose}>
      <form onSubmit={onSubmit} className="dialog-body">
        {contacts.length === 0 ? (
          <p className="empty-hint">Connect with people first (People tab); chats are between contacts.</p>
        ) : (
          <fieldset className="pick-list">
            <legend className="sr-only">Contacts</legend>
            {contacts.map((c) => (
              <label key={c.id} className="pick-row">
                <input type="checkbox" checked={picked.includes(c.id)} onChange={() => toggle(c.id)} />
                <Avatar id={c.id} name={c.full_name} size="sm" online={online.has(c.id)} />
                <span>{c.full_name}</span>
              </label>
            ))}
          </fieldset>
        )}
        {picked.length > 1 && (
          <label className="field">
            <span>Group name (optional)</span>
            <input value={title} onChange={(e) => setTitle(e.target.value)} maxLength={200} />
          </label>
        )}
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
        <div className="dialog-actions">
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="btn btn-primary" disabled={!picked.length || busy}>
            {picked.length > 1 ? 'Create group' : 'Start chat'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
