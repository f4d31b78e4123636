/**
 * The menu of one message (hover button, right-click, or Enter / Shift+F10 on a focused
 * message): quick reactions, Reply, Edit, Delete. A WAI-ARIA menu: focus moves into it
 * on open, arrow keys move between items, Escape closes it and returns focus.
 */
import { useEffect, useLayoutEffect, useRef, type KeyboardEvent } from 'react';
import type { MessageView } from '../../../common/views.js';
import { Icon } from '../../ui/Icon.js';
import { QUICK_REACTIONS } from './messageActions.js';
import { allowedActions, type MessageActions } from './messageActionsContext.js';

interface Props {
  message: MessageView;
  actions: MessageActions;
  onClose: (returnFocus: boolean) => void;
  onDelete: () => void;
}

export function MessageMenu({ message, actions, onClose, onDelete }: Props) {
  const ref = useRef<HTMLDivElement>(null);
  const allowed = allowedActions(message, actions);
  const mine = (reaction: string) => message.reactions.some((r) => r.reaction === reaction && actions.myId !== null && r.user_ids.includes(actions.myId));

  // Below the bubble by default; above it when that would run past the bottom of the list.
  useLayoutEffect(() => {
    const menu = ref.current;
    const list = menu?.closest('.message-scroll')?.getBoundingClientRect();
    if (menu && list && menu.getBoundingClientRect().bottom > list.bottom) menu.classList.add('is-above');
  }, []);

  useEffect(() => {
    ref.current?.querySelector<HTMLElement>('[role="menuitem"]')?.focus();
    const onPointer = (event: PointerEvent) => {
      if (!ref.current?.contains(event.target as Node)) onClose(false);
    };
    document.addEventListener('pointerdown', onPointer);
    return () => document.removeEventListener('pointerdown', onPointer);
  }, [onClose]);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const items = [...(ref.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? [])];
    const index = items.indexOf(document.activeElement as HTMLElement);
    const step = { ArrowDown: 1, ArrowRight: 1, ArrowUp: -1, ArrowLeft: -1 }[event.key];
    if (step) {
      event.preventDefault();
      items[(index + step + items.length) % items.length]?.focus();
    } else if (event.key === 'Home' || event.key === 'End') {
      event.preventDefault();
      (event.key === 'Home' ? items[0] : items.at(-1))?.focus();
    } else if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      onClose(true);
    } else if (event.key === 'Tab') {
      onClose(false);
    }
  };

  const run = (action: () => void) => () => {
    onClose(false);
    action();
  };

  return (
    <div className="message-menu" role="menu" aria-label="Message actions" ref={ref} onKeyDown={onKeyDown} data-testid="message-menu">
      {allowed.react && (
        <div className="menu-reactions" role="group" aria-label="React">
          {QUICK_REACTIONS.map((reaction) => (
            <button
              key={reaction}
              type="button"
              role="menuitem"
              className={`menu-reaction${mine(reaction) ? ' is-mine' : ''}`}
              aria-label={`React ${reaction}`}
              tabIndex={-1}
              onClick={run(() => actions.react(message, reaction))}
            >
              {reaction}
            </button>
          ))}
        </div>
      )}
      {allowed.reply && (
        <button type="button" role="menuitem" className="menu-item" tabIndex={-1} onClick={run(() => actions.reply(message))}>
          <Icon name="reply" size={16} /> Reply
        </button>
      )}
      {allowed.edit && (
        <button type="button" role="menuitem" className="menu-item" tabIndex={-1} onClick={run(() => actions.edit(message))}>
          <Icon name="edit" size={16} /> Edit
        </button>
      )}
      {allowed.remove && (
        <button type="button" role="menuitem" className="menu-item is-danger" tabIndex={-1} onClick={run(onDelete)}>
          <Icon name="trash" size={16} /> Delete
        </button>
      )}
    </div>
  );
}
