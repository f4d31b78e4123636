// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { message, messageActions } from '../../test/builders.js';
import { renderWithStore } from '../../test/renderWithStore.js';
import { Composer } from './Composer.js';
import { MessageBubble } from './MessageBubble.js';
import { MessageActionsContext, type MessageActions } from './messageActionsContext.js';

afterEach(cleanup);

const ME = 1;
const names: Record<number, string> = { 1: 'Me Myself', 2: 'Grace Hopper', 3: 'Greg Ada' };
const actions: MessageActions = messageActions({ myId: ME, nameOf: (id) => names[id] ?? `User ${id}` });
const bubbleProps = { showHeader: true, senderName: 'Grace Hopper', serverUrl: undefined, seenCount: 0, seenNames: '', highlighted: false, mine: false };

describe('mentions in a bubble', () => {
  it('marks each mentioned member, mine most strongly, as text (no HTML)', () => {
    const m = message({ chat_id: 5, seq: 1, sender_id: 2, content: '@Me Myself and @Greg Ada: <img src=x onerror=alert(1)>', mentions: [ME, 3] });
    const { container } = renderWithStore(
      <MessageActionsContext.Provider value={actions}>
        <MessageBubble {...bubbleProps} message={m} />
      </MessageActionsContext.Provider>,
    );
    const marks = screen.getAllByTestId('mention');
    expect(marks.map((el) => [el.textContent, el.className])).toEqual([
      ['@Me Myself', 'mention is-me'],
      ['@Greg Ada', 'mention'],
    ]);
    expect(container.querySelector('.message')?.classList.contains('mentions-me')).toBe(true);
    expect(container.querySelector('img')).toBeNull();
    expect(container.textContent).toContain('<img src=x onerror=alert(1)>');
  });

  it('keeps links clickable next to mentions, and a link holding @Name stays one link', () => {
    const m = message({ chat_id: 5, seq: 2, sender_id: 2, content: '@Greg Ada see https://example.org/@Greg Ada/x now', mentions: [3] });
    const { container } = renderWithStore(
      <MessageActionsContext.Provider value={actions}>
        <MessageBubble {...bubbleProps} message={m} />
      </MessageActionsContext.Provider>,
    );
    expect(screen.getAllByTestId('mention').map((el) => el.textContent)).toEqual(['@Greg Ada']);
    expect([...container.querySelectorAll('a.text-link')].map((a) => a.getAttribute('href'))).toEqual(['https://example.org/@Greg']);
    expect(container.querySelector('.bubble-text')?.textContent).toBe(m.content);
  });
});

describe('mention autocomplete in the composer', () => {
  function renderComposer(sendMessage = vi.fn(async () => message({ chat_id: 5, seq: null, client_id: 'c1', state: 'pending' }))) {
    renderWithStore(
      <Composer
        chatTitle="Team"
        isConnected
        sendMessage={sendMessage}
        setTyping={async () => undefined}
        mode={null}
        onCancelMode={() => undefined}
        onEditLast={() => false}
        saveEdit={async () => true}
        nameOf={actions.nameOf}
        members={[{ id: 2, name: 'Grace Hopper' }, { id: 3, name: 'Greg Ada' }]}
      />,
    );
    return { sendMessage, box: screen.getByLabelText('Message Team') as HTMLTextAreaElement };
  }
  // Setting the value puts the caret at its end, as typing does.
  const type = (box: HTMLTextAreaElement, value: string) => fireEvent.change(box, { target: { value } });

  it('lists matching members, moves with the arrows, picks with Enter and sends their ids', async () => {
    const { sendMessage, box } = renderComposer();
    type(box, 'hi @gr');
    const options = () => screen.getAllByRole('option').map((o) => [o.textContent, o.getAttribute('aria-selected')]);
    expect(options()).toEqual([['GHGrace Hopper', 'true'], ['GAGreg Ada', 'false']]);
    fireEvent.keyDown(box, { key: 'ArrowDown' });
    expect(options()[1]).toEqual(['GAGreg Ada', 'true']);
    fireEvent.keyDown(box, { key: 'Enter' });
    expect(box.value).toBe('hi @Greg Ada ');
    expect(screen.queryByTestId('mention-suggestions')).toBeNull();
    type(box, 'hi @Greg Ada and @hop');
    fireEvent.keyDown(box, { key: 'Tab' });
    expect(box.value).toBe('hi @Greg Ada and @Grace Hopper ');
    await act(async () => {
      fireEvent.keyDown(box, { key: 'Enter' });
    });
    expect(sendMessage).toHaveBeenCalledWith('hi @Greg Ada and @Grace Hopper', null, null, [3, 2]);
  });

  it('drops a picked member whose @Name was edited away, and Escape closes the list', async () => {
    const { sendMessage, box } = renderComposer();
    type(box, '@gra');
    fireEvent.keyDown(box, { key: 'Enter' });
    type(box, '@ga');
    fireEvent.keyDown(box, { key: 'Escape' });
    expect(screen.queryByTestId('mention-suggestions')).toBeNull();
    type(box, 'never mind');
    await act(async () => {
      fireEvent.keyDown(box, { key: 'Enter' });
    });
    expect(sendMessage).toHaveBeenCalledWith('never mind', null, null, []);
  });
});
