import { useEffect, useState } from 'react';
import { useAppDispatch, useAppSelector } from '../../app/hooks.js';
import { Icon } from '../../ui/Icon.js';
import { ChatPane } from '../messages/ChatPane.js';
import { selectOpenChatId } from '../navigation/navigationSlice.js';
import { ChatList } from './ChatList.js';
import { selectChatById } from './chatsSlice.js';
import { NewChatDialog } from './NewChatDialog.js';
import { SearchPanel } from '../search/SearchPanel.js';
import { searchOpened, selectSearch } from '../search/searchSlice.js';

export function ChatsScreen() {
  const openId = useAppSelector(selectOpenChatId);
  const chat = useAppSelector((state) => (openId === null ? undefined : selectChatById(state, openId)));
  const [creating, setCreating] = useState(false);
  const searching = useAppSelector(selectSearch).open;
  const dispatch = useAppDispatch();
  // Ctrl/Cmd+F searches the open chat, Ctrl/Cmd+Shift+F every chat (as in Slack).
  useEffect(() => {
    const onKey = (e: globalThis.KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'f') {
        e.preventDefault();
        dispatch(searchOpened({ chatId: e.shiftKey ? null : openId }));
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [dispatch, openId]);
  return (
    <div className="two-pane">
      {searching ? <SearchPanel /> : <ChatList onNewChat={() => setCreating(true)} onSearch={() => dispatch(searchOpened({ chatId: null }))} />}
      {chat ? (
        <ChatPane key={chat.id} chat={chat} />
      ) : (
        <div className="empty-pane">
          <Icon name="chat" size={48} />
          <p>Select a chat, or start a new one.</p>
        </div>
      )}
      {creating && <NewChatDialog onClose={() => setCreating(false)} />}
    </div>
  );
}
