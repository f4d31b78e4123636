/** Find people, answer connection requests, see contacts with their presence, and manage blocks. */
import { useEffect, useState } from 'react';
import { useAppDispatch, useAppSelector } from '../../app/hooks.js';
import { Avatar } from '../../ui/Avatar.js';
import { Icon } from '../../ui/Icon.js';
import { PresenceList } from '../presence/PresenceList.js';
import { selectMyId } from '../session/sessionSlice.js';
import { BlockedList, ConfirmButton } from './BlockedList.js';
import {
  acceptRequest,
  blockUser,
  declineRequest,
  requestConnection,
  selectBlockedIds,
  selectConnectionsError,
  searchPeople,
  selectContactIds,
  selectRequestedUserIds,
  selectRequests,
  selectSearch,
} from './connectionsSlice.js';

/** Wait for a pause in typing before asking the server, as a search box should. */
const SEARCH_DEBOUNCE_MS = 250;

function Requests() {
  const dispatch = useAppDispatch();
  const requests = useAppSelector(selectRequests);
  const accepting = useAppSelector((state) => state.connections.acceptingIds);
  if (requests.length === 0) return null;
  return (
    <section className="card" aria-labelledby="requests-title">
      <h3 id="requests-title" className="section-title">
        Connection requests — {requests.length}
      </h3>
      <ul className="contact-list" data-testid="requests">
        {requests.map((r) => (
          <li key={r.request_id} className="contact-row">
            <Avatar id={r.from_user_id} name={r.from_user_name} />
            <span className="contact-name">{r.from_user_name}</span>
            <button
              type="button"
              className="btn btn-primary btn-small"
              disabled={accepting.includes(r.request_id)}
              onClick={() => void dispatch(acceptRequest(r.request_id))}
              aria-label={`Accept ${r.from_user_name}`}
            >
              Accept
            </button>
            <button type="button" className="btn btn-small" onClick={() => void dispatch(declineRequest(r.request_id))} aria-label={`Decline ${r.from_user_name}`}>
              Decline
            </button>
            <ConfirmButton label="Block" confirmLabel="Confirm block" ariaName={`Block ${r.from_user_name}`} onConfirm={() => void dispatch(blockUser(r.from_user_id))} />
          </li>
        ))}
      </ul>
    </section>
  );
}

function Search() {
  const dispatch = useAppDispatch();
  const search = useAppSelector(selectSearch);
  const contacts = useAppSelector(selectContactIds);
  const requested = useAppSelector(selectRequestedUserIds);
  const incoming = useAppSelector(selectRequests);
  const myId = useAppSelector(selectMyId);
  const blocked = useAppSelector(selectBlockedIds);
  const [query, setQuery] = useState('');

  useEffect(() => {
    if (!query.trim()) return;
    const timer = setTimeout(() => void dispatch(searchPeople(query)), SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [dispatch, query]);

  const results = query.trim() ? search.results.filter((u) => u.id !== myId) : [];
  return (
    <section className="card" aria-labelledby="search-title">
      <h3 id="search-title" className="section-title">
        Find people
      </h3>
      <div className="pane-search">
        <Icon name="search" size={16} />
        <input type="search" placeholder="Search by name" aria-label="Search people" value={query} onChange={(e) => setQuery(e.target.value)} />
      </div>
      {search.error && <p className="form-error">{search.error}</p>}
      {query.trim() && !search.pending && results.length === 0 && <p className="empty-hint">No one found.</p>}
      <ul className="contact-list" data-testid="search-results">
        {results.map((user) => {
          const state = blocked.has(user.id) ? 'Blocked' : contacts.has(user.id) ? 'Connected' : requested.has(user.id) ? 'Requested' : null;
          const request = incoming.find((r) => r.from_user_id === user.id);
          return (
            <li key={user.id} className="contact-row">
              <Avatar id={user.id} name={user.full_name} />
              <span className="contact-name">{user.full_name}</span>
              {state ? (
                <span className="pill">{state}</span>
              ) : request ? (
                <button type="button" className="btn btn-primary btn-small" onClick={() => void dispatch(acceptRequest(request.request_id))} aria-label={`Accept request from ${user.full_name}`}>
                  Accept
                </button>
              ) : (
                <button type="button" className="btn btn-small" onClick={() => void dispatch(requestConnection(user.id))} aria-label={`Connect with ${user.full_name}`}>
                  Connect
                </button>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}

export function PeopleScreen() {
  const error = useAppSelector(selectConnectionsError);
  return (
    <div className="page">
      <header className="page-header">
        <h2>People</h2>
      </header>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <div className="page-columns">
        <div className="page-column">
          <Requests />
          <Search />
          <BlockedList />
        </div>
        <div className="page-column card">
          <PresenceList />
        </div>
      </div>
    </div>
  );
}
