// @vitest-environment jsdom
import { cleanup, fireEvent, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { message } from '../test/builders.js';
import { createFakeBridge } from '../test/fakeBridge.js';
import { renderWithStore } from '../test/renderWithStore.js';
import { MessageBubble } from '../features/messages/MessageBubble.js';
import { LinkifiedText } from './LinkifiedText.js';

afterEach(cleanup);

describe('LinkifiedText', () => {
  it('renders links as anchors and asks main to open them; the window never navigates', () => {
    const bridge = createFakeBridge();
    bridge.handle('shell.openExternal', () => null);
    renderWithStore(<LinkifiedText text="docs at https://example.com/guide." />, { bridge });
    const link = screen.getByRole('link', { name: 'https://example.com/guide' });
    expect(link.getAttribute('href')).toBe('https://example.com/guide');
    const click = new MouseEvent('click', { bubbles: true, cancelable: true });
    fireEvent(link, click);
    expect(click.defaultPrevented).toBe(true);
    expect(bridge.callsOf('shell.openExternal')).toEqual([{ url: 'https://example.com/guide' }]);
  });

  it('markup in a message stays text: no element is created from it', () => {
    const hostile = '<img src=x onerror="alert(1)"> <script>alert(2)</script> https://example.com/"><b>x</b>';
    const { container } = renderWithStore(<LinkifiedText text={hostile} />);
    expect(container.querySelector('img, script, b')).toBeNull();
    expect(container.textContent).toBe(hostile);
    expect([...container.querySelectorAll('a')].map((a) => a.getAttribute('href'))).toEqual(['https://example.com/']);
  });

  it('a message bubble shows its links clickable', () => {
    const bridge = createFakeBridge();
    bridge.handle('shell.openExternal', () => null);
    renderWithStore(
      <MessageBubble
        message={message({ chat_id: 5, seq: 3, content: 'read http://parley.example/notes please' })}
        mine={false}
        showHeader
        senderName="Grace"
        serverUrl={undefined}
        seenCount={0}
        seenNames=""
        highlighted={false}
      />,
      { bridge },
    );
    fireEvent.click(screen.getByRole('link', { name: 'http://parley.example/notes' }));
    expect(bridge.callsOf('shell.openExternal')).toEqual([{ url: 'http://parley.example/notes' }]);
  });
});
