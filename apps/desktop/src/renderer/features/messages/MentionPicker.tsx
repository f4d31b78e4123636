/**
 * `@name` autocomplete in the composer. Typing `@` (at the start or after a space)
 * followed by part of a member's name lists matching members; ArrowUp/ArrowDown move,
 * Enter or Tab picks, Escape closes. A pick inserts `@Full Name ` and remembers that
 * member, so the message carries their id (structural: a rename keeps the mention).
 * At send time only members whose `@Name` is still in the text count.
 */
import { useCallback, useMemo, useState, type KeyboardEvent, type RefObject } from 'react';
import { nameMatches } from '../../../common/searchText.js';
import { Avatar } from '../../ui/Avatar.js';

export interface Mentionable {
  id: number;
  name: string;
}

/** Longest run after `@` still read as a name being typed (full names have spaces). */
const MAX_TYPED = 40;
const MAX_SUGGESTIONS = 8;

/** The `@…` being typed just before the caret, if any. */
function typedMention(text: string, caret: number): { start: number; typed: string } | null {
  const before = text.slice(0, caret);
  const at = before.lastIndexOf('@');
  if (at < 0 || caret - at - 1 > MAX_TYPED) return null;
  if (at > 0 && !/\s/.test(before[at - 1]!)) return null;
  const typed = before.slice(at + 1);
  if (/[\n@]/.test(typed)) return null;
  return { start: at, typed };
}

export function useMentionPicker(members: Mentionable[], input: RefObject<HTMLTextAreaElement | null>, setText: (text: string) => void) {
  const [picked, setPicked] = useState<Map<number, string>>(() => new Map());
  // What is being typed after `@` (null: no list) and the highlighted row, kept together
  // so the row resets exactly when the typed text changes.
  const [state, setState] = useState<{ active: { start: number; typed: string } | null; index: number }>({ active: null, index: 0 });
  const { active, index } = state;
  const setActive = (next: { start: number; typed: string } | null) => setState({ active: next, index: 0 });

  const suggestions = useMemo(() => {
    if (!active) return [];
    return members.filter((m) => nameMatches(m.name, active.typed)).slice(0, MAX_SUGGESTIONS);
  }, [members, active]);

  /** The text or caret moved: open, update or close the list. */
  const onInput = useCallback((text: string, caret: number) => {
    const next = typedMention(text, caret);
    // Selection events also land here: the highlighted row resets only when what is typed changes.
    setState((current) =>
      current.active?.start === next?.start && current.active?.typed === next?.typed ? current : { active: next, index: 0 },
    );
  }, []);

  const pick = (member: Mentionable) => {
    const el = input.current;
    if (!el || !active) return;
    const caret = el.selectionStart ?? el.value.length;
    const insert = `@${member.name} `;
    const next = el.value.slice(0, active.start) + insert + el.value.slice(caret);
    setText(next);
    setPicked((current) => new Map(current).set(member.id, member.name));
    setActive(null);
    const at = active.start + insert.length;
    requestAnimationFrame(() => {
      el.focus();
      el.setSelectionRange(at, at);
    });
  };

  /** Handles the key if the list is open; returns whether it did. */
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>): boolean => {
    if (!active || suggestions.length === 0) return false;
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const step = event.key === 'ArrowDown' ? 1 : -1;
      setState((current) => ({ ...current, index: (current.index + step + suggestions.length) % suggestions.length }));
      return true;
    }
    if ((event.key === 'Enter' && !event.shiftKey) || event.key === 'Tab') {
      event.preventDefault();
      pick(suggestions[Math.min(index, suggestions.length - 1)]!);
      return true;
    }
    if (event.key === 'Escape') {
      event.preventDefault();
      setActive(null);
      return true;
    }
    return false;
  };

  /** Ids of the picked members whose `@Name` is still in `content`. */
  const mentionsIn = useCallback(
    (content: string) => [...picked].filter(([, name]) => content.includes(`@${name}`)).map(([id]) => id),
    [picked],
  );

  /** Starts over (after a send), or from a message's mentions (when editing it). */
  const reset = useCallback((from: Mentionable[] = []) => {
    setPicked(new Map(from.map((m) => [m.id, m.name])));
    setState({ active: null, index: 0 });
  }, []);

  const list =
    active && suggestions.length > 0 ? (
      <ul className="mention-suggestions" role="listbox" aria-label="Mention a member" data-testid="mention-suggestions">
        {suggestions.map((m, i) => (
          <li
            key={m.id}
            role="option"
            aria-selected={i === index}
            className={`mention-option${i === index ? ' is-active' : ''}`}
            onMouseDown={(e) => {
              e.preventDefault(); // keep the focus in the textarea
              pick(m);
            }}
          >
            <Avatar id={m.id} name={m.name} size="sm" />
            {m.name}
          </li>
        ))}
      </ul>
    ) : null;

  return { onInput, onKeyDown, mentionsIn, reset, list, open: list !== null };
}
