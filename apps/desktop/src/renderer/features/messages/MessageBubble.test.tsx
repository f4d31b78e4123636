// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { messagesReceived } from '../../app/events.js';
import { message, messageActions } from '../../test/builders.js';
import { renderWithStore } from '../../test/renderWithStore.js';
import { MessageBubble } from './MessageBubble.js';
import { MessageActionsContext, type MessageActions } from './messageActionsContext.js';

afterEach(cleanup);

const ME = 1;
function actions(over: Partial<MessageActions> = {}): MessageActions {
  return messageActions({ nameOf: (id) => (id === 2 ? 'Grace' : `User ${id}`), ...over });
}
const props = { showHeader: true, senderName: 'Grace', serverUrl: undefined, seenCount: 0, seenNames: '', highlighted: false };

describe('MessageBubble', () => {
  it('shows the tombstone line instead of content, and offers no menu', () => {
    renderWithStore(
      <MessageActionsContext.Provider value={actions()}>
        <MessageBubble {...props} mine={false} message={message({ chat_id: 5, seq: 3, deleted: true, content: '' })} />
      </MessageActionsContext.Provider>,
    );
    expect(screen.getByTestId('tombstone').textContent).toBe(' This message was deleted');
    expect(screen.queryByRole('button', { name: 'Message actions' })).toBeNull();
  });

  it('marks an edit, shows seen ticks on my message, and toggles my reaction from its chip', () => {
    const a = actions();
    const m = message({ chat_id: 5, seq: 4, sender_id: ME, content: 'fixed', edited_at: '2024-01-01T12:01:00.000Z', reactions: [{ reaction: '👍', user_ids: [2, ME] }] });
    renderWithStore(
      <MessageActionsContext.Provider value={a}>
        <MessageBubble {...props} mine message={m} seenCount={1} seenNames="Grace" />
      </MessageActionsContext.Provider>,
    );
    expect(screen.getByTestId('edited-mark').textContent).toBe('edited');
    expect(screen.getByTestId('seen').getAttribute('aria-label')).toBe('Seen by Grace');
    const chip = screen.getByTestId('reaction-chip');
    expect(chip.getAttribute('aria-pressed')).toBe('true');
    expect(chip.textContent).toBe('👍2');
    fireEvent.click(chip);
    expect(a.react).toHaveBeenCalledWith(m, '👍');
  });

  it('quotes the message it answers and jumps to it; Enter on the message opens its menu', () => {
    const a = actions();
    const { store } = renderWithStore(
      <MessageActionsContext.Provider value={a}>
        <MessageBubble {...props} mine={false} message={message({ chat_id: 5, seq: 9, reply_to_seq: 2 })} />
      </MessageActionsContext.Provider>,
    );
    expect(screen.getByTestId('reply-quote').textContent).toBe('Earlier message');
    act(() => void store.dispatch(messagesReceived([message({ chat_id: 5, seq: 2, content: 'the original' })])));
    expect(screen.getByTestId('reply-quote').textContent).toBe('Gracethe original');
    fireEvent.click(screen.getByTestId('reply-quote'));
    expect(a.jumpTo).toHaveBeenCalledWith(2);

    fireEvent.keyDown(screen.getByTestId('message'), { key: 'Enter' });
    const menu = screen.getByRole('menu', { name: 'Message actions' });
    expect(within(menu).getAllByRole('menuitem').map((b) => b.textContent?.trim())).toEqual(['👍', '❤️', '😂', '🎉', '😮', '😢', 'Reply']);
    fireEvent.click(within(menu).getByRole('menuitem', { name: 'Reply' }));
    expect(a.reply).toHaveBeenCalled();
    expect(screen.queryByRole('menu')).toBeNull();
  });
});
