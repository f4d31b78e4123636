/**
 * Contacts by presence: who is online now, then everyone else. The seed's
 * `useWebSocketOnline` hook announces arrivals to screen readers as they happen.
 */
import { useState } from 'react';
import { useAppDispatch, useAppSelector } from '../../app/hooks.js';
import { useWebSocketOnline } from '../../hooks/useWebSocketHooks.js';
import { Avatar } from '../../ui/Avatar.js';
import { Icon } from '../../ui/Icon.js';
import { selectDirectChatWith, createChat } from '../chats/chatsSlice.js';
import { ConfirmButton } from '../connections/BlockedList.js';
import { blockUser, removeConnection, setStarred, type Contact } from '../connections/connectionsSlice.js';
import { chatOpened } from '../navigation/navigationSlice.js';
import { selectMyId } from '../session/sessionSlice.js';
import { selectContactsByPresence } from './presenceSlice.js';
import { displayName, selectUserEntities } from '../users/usersSlice.js';

function ContactRow({ contact, online }: { contact: Contact; online: boolean }) {
  const dispatch = useAppDispatch();
  const myId = useAppSelector(selectMyId);
  const existing = useAppSelector((state) => selectDirectChatWith(state, contact.id, myId));
  const openChat = async () => {
    if (existing) dispatch(chatOpened(existing.id));
    else {
      const chat = await dispatch(createChat({ memberIds: [contact.id] })).unwrap();
      dispatch(chatOpened(chat.id));
    }
  };
  return (
    <li className="contact-row" data-testid={`contact-${contact.id}`} data-online={online}>
      <Avatar id={contact.id} name={contact.full_name} online={online} />
      <span className="contact-name">{contact.full_name}</span>
      <span className="sr-only">{online ? 'online' : 'offline'}</span>
      <button
        type="button"
        className={`icon-btn star-btn${contact.starred ? ' is-active' : ''}`}
        aria-pressed={contact.starred}
        aria-label={contact.starred ? `Unstar ${contact.full_name}` : `Star ${contact.full_name}`}
        title={contact.starred ? 'Starred: you get an alert when they come online' : 'Star: get an alert when they come online'}
        onClick={() => void dispatch(setStarred({ userId: contact.id, starred: !contact.starred }))}
      >
        <Icon name="star" size={16} filled={contact.starred} />
      </button>
      <button type="button" className="btn btn-small" onClick={() => void openChat()} aria-label={`Message ${contact.full_name}`}>
        Message
      </button>
      <ConfirmButton
        label="Remove"
        confirmLabel="Confirm remove"
        ariaName={`Remove ${contact.full_name}`}
        onConfirm={() => void dispatch(removeConnection({ connectionId: contact.connection_id, userId: contact.id }))}
      />
      <ConfirmButton label="Block" confirmLabel="Confirm block" ariaName={`Block ${contact.full_name}`} onConfirm={() => void dispatch(blockUser(contact.id))} />
    </li>
  );
}

export function PresenceList() {
  const { online, offline } = useAppSelector(selectContactsByPresence);
  const users = useAppSelector(selectUserEntities);
  const [announcement, setAnnouncement] = useState('');
  useWebSocketOnline(
    (userId, fullName) => setAnnouncement(`${fullName || displayName(users, userId)} is online`),
    (userId) => setAnnouncement(`${displayName(users, userId)} went offline`),
  );
  return (
    <section className="presence-list" aria-label="Contacts">
      <p className="sr-only" aria-live="polite">
        {announcement}
      </p>
      <h3 className="section-title">Online — {online.length}</h3>
      {online.length === 0 ? (
        <p className="empty-hint">Nobody is online right now.</p>
      ) : (
        <ul className="contact-list" data-testid="online-list">
          {online.map((c) => (
            <ContactRow key={c.id} contact={c} online />
          ))}
        </ul>
      )}
      <h3 className="section-title">Offline — {offline.length}</h3>
      <ul className="contact-list" data-testid="offline-list">
        {offline.map((c) => (
          <ContactRow key={c.id} contact={c} online={false} />
        ))}
      </ul>
    </section>
  );
}
