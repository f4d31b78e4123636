/**
 * A group's settings: its name, its members (admins marked; an admin may remove
 * others), adding a contact (admins), and leaving. Every change goes through main to
 * the server; the chat updates from the event it answers with. A refusal is shown here.
 */
import { useState, type FormEvent } from 'react';
import { LIMITS } from '@parley/protocol';
import type { ChatView } from '../../../common/views.js';
import { useAppDispatch, useAppSelector } from '../../app/hooks.js';
import { errorMessage } from '../../bridge/rendererBridge.js';
import { Avatar } from '../../ui/Avatar.js';
import { Dialog } from '../../ui/Dialog.js';
import { selectContacts } from '../connections/connectionsSlice.js';
import { addGroupMember, leaveGroup, removeGroupMember, renameGroup } from './groupActions.js';
import { useChatNames } from './useChatNames.js';

export function GroupSettingsDialog({ chat, onClose }: { chat: ChatView; onClose: () => void }) {
  const dispatch = useAppDispatch();
  const contacts = useAppSelector(selectContacts);
  const { nameOf, myId } = useChatNames();
  const [title, setTitle] = useState(chat.title ?? '');
  const [toAdd, setToAdd] = useState<number | ''>('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [confirmLeave, setConfirmLeave] = useState(false);
  const isAdmin = myId !== null && chat.admin_ids.includes(myId);
  const candidates = contacts.filter((c) => !chat.member_ids.includes(c.id));

  const run = async (work: () => Promise<unknown>): Promise<boolean> => {
    setBusy(true);
    setError(null);
    try {
      await work();
      return true;
    } catch (e) {
      setError(errorMessage(e));
      return false;
    } finally {
      setBusy(false);
    }
  };

  const onRename = (event: FormEvent) => {
    event.preventDefault();
    if (title.trim() === (chat.title ?? '')) return;
    void run(() => dispatch(renameGroup({ chatId: chat.id, title: title.trim() })).unwrap());
  };
  const onAdd = (event: FormEvent) => {
    event.preventDefault();
    if (toAdd === '') return;
    void run(() => dispatch(addGroupMember({ chatId: chat.id, userId: toAdd })).unwrap()).then((ok) => ok && setToAdd(''));
  };
  const onLeave = () => {
    void run(() => dispatch(leaveGroup({ chatId: chat.id })).unwrap()).then((ok) => ok && onClose());
  };

  return (
    <Dialog title="Group settings" onClose={onClose}>
      <div className="dialog-body group-settings" data-testid="group-settings">
        <form className="inline-form" onSubmit={onRename}>
          <label className="field">
            <span>Group name</span>
            <input value={title} onChange={(e) => setTitle(e.target.value)} maxLength={LIMITS.maxTitleChars} placeholder="Name this group" />
          </label>
          <button type="submit" className="btn" disabled={busy || title.trim() === (chat.title ?? '')}>
            Rename
          </button>
        </form>

        <section aria-label="Members">
          <h3 className="section-title">Members ({chat.member_ids.length})</h3>
          <ul className="member-list">
            {chat.member_ids.map((id) => (
              <li key={id} className="member-row" data-testid="member-row">
                <Avatar id={id} name={nameOf(id)} size="sm" />
                <span className="member-name">{id === myId ? `${nameOf(id)} (you)` : nameOf(id)}</span>
                {chat.admin_ids.includes(id) && <span className="member-badge">Admin</span>}
                {isAdmin && id !== myId && (
                  <button
                    type="button"
                    className="btn btn-small btn-danger"
                    aria-label={`Remove ${nameOf(id)}`}
                    disabled={busy}
                    onClick={() => void run(() => dispatch(removeGroupMember({ chatId: chat.id, userId: id })).unwrap())}
                  >
                    Remove
                  </button>
                )}
              </li>
            ))}
          </ul>
        </section>

        {isAdmin && (
          <form className="inline-form" onSubmit={onAdd}>
            <label className="field">
              <span>Add a contact</span>
              <select value={toAdd} onChange={(e) => setToAdd(e.target.value ? Number(e.target.value) : '')} disabled={!candidates.length}>
                <option value="">{candidates.length ? 'Choose a contact…' : 'Every contact is already here'}</option>
                {candidates.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.full_name}
                  </option>
                ))}
              </select>
            </label>
            <button type="submit" className="btn btn-primary" disabled={busy || toAdd === ''}>
              Add
            </button>
          </form>
        )}

        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}

        <div className="dialog-actions">
          {confirmLeave ? (
            <>
              <span className="confirm-text">Leave this group? You keep the messages up to now.</span>
              <button type="button" className="btn" onClick={() => setConfirmLeave(false)}>
                Stay
              </button>
              <button type="button" className="btn btn-danger" disabled={busy} onClick={onLeave}>
                Leave
              </button>
            </>
          ) : (
            <>
              <button type="button" className="btn btn-danger" onClick={() => setConfirmLeave(true)}>
                Leave group
              </button>
              <button type="button" className="btn" onClick={onClose}>
                Done
              </button>
            </>
          )}
        </div>
      </div>
    </Dialog>
  );
}
