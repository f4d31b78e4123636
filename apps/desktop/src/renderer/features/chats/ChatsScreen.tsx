import { useState } from 'react';
import { useAppSelector } from '../../app/hooks.js';
import { Icon } from '../../ui/Icon.js';
import { ChatPane } from '../messages/ChatPane.js';
import { selectOpenChatId } from '../navigation/navigationSlice.js';
import { ChatList } from './ChatList.js';
import { selectChatById } from './chatsSlice.js';
import { NewChatDialog } from './NewChatDialog.js';

export function ChatsScreen() {
  const openId = useAppSelector(selectOpenChatId);
  const chat = useAppSelector((state) => (openId === null ? undefined : selectChatById(state, openId)));
  const [creating, setCreating] = useState(false);
  return (
    <div className="two-pane">
      <ChatList onNewChat={() => setCreating(true)} />
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
