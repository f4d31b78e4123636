/**
 * The chat header's bell: a menu of All / Mentions / None for this chat. The choice is
 * saved on the server, so every device of mine follows it. A WAI-ARIA menu of radio
 * items: arrow keys move, Enter or a click chooses, Escape closes and returns focus.
 */
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { NotificationMode } from '@parley/protocol';
import type { ChatView } from '../../../common/views.js';
import { useAppDispatch } from '../../app/hooks.js';
import { errorMessage } from '../../bridge/rendererBridge.js';
import { Icon } from '../../ui/Icon.js';
import { toastShown } from '../toasts/toastsSlice.js';
import { setNotifyMode } from './chatsSlice.js';

export const NOTIFY_MODES: { mode: NotificationMode; label: string; hint: string }[] = [
  { mode: 'all', label: 'All messages', hint: 'Notify me of every new message' },
  { mode: 'mentions', label: 'Mentions only', hint: 'Only when someone mentions me' },
  { mode: 'none', label: 'None', hint: 'Mute: unread counts, no notifications' },
];

export function NotifyModeMenu({ chat }: { chat: Pick<ChatView, 'id' | 'notify_mode'> }) {
  const dispatch = useAppDispatch();
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const menu = useRef<HTMLDivElement>(null);
  const current = chat.notify_mode;

  useEffect(() => {
    if (!open) return;
    menu.current?.querySelector<HTMLElement>('[aria-checked="true"]')?.focus();
    const onPointer = (event: PointerEvent) => {
      const target = event.target as Node;
      if (!menu.current?.contains(target) && !button.current?.contains(target)) setOpen(false);
    };
    document.addEventListener('pointerdown', onPointer);
    return () => document.removeEventListener('pointerdown', onPointer);
  }, [open]);

  const close = () => {
    setOpen(false);
    button.current?.focus();
  };
  const choose = (mode: NotificationMode) => {
    if (mode !== current) {
      void dispatch(setNotifyMode({ chatId: chat.id, mode, previous: current }))
        .unwrap()
        .catch((err: unknown) => dispatch(toastShown(errorMessage(err))));
    }
    close();
  };
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const items = [...(menu.current?.querySelectorAll<HTMLElement>('[role="menuitemradio"]') ?? [])];
    const at = items.indexOf(document.activeElement as HTMLElement);
    if (event.key === 'Escape') {
      event.preventDefault();
      close();
    } else if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const step = event.key === 'ArrowDown' ? 1 : -1;
      items[(at + step + items.length) % items.length]?.focus();
    }
  };

  const label = NOTIFY_MODES.find((m) => m.mode === current)?.label ?? 'All messages';
  return (
    <div className="notify-mode">
      <button
        ref={button}
        type="button"
        className={`icon-btn${current !== 'all' ? ' is-active' : ''}`}
        aria-haspopup="menu"
        aria-expanded={open}
        aria-label={`Notifications: ${label}`}
        title={`Notifications: ${label}`}
        onClick={() => setOpen((o) => !o)}
      >
        <Icon name={current === 'none' ? 'bellOff' : 'bell'} />
      </button>
      {open && (
        <div ref={menu} className="message-menu notify-mode-menu" role="menu" aria-label="Notify me about" onKeyDown={onKeyDown}>
          {NOTIFY_MODES.map((m) => (
            <button key={m.mode} type="button" className="menu-item" role="menuitemradio" aria-checked={m.mode === current} tabIndex={-1} onClick={() => choose(m.mode)}>
              <span>{m.label}</span>
              <small>{m.hint}</small>
            </button>
          ))}
        </div>
      )}
    </div>
  );
}
