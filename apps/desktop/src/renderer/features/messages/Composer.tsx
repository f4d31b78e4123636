/**
 * Writing a message: Enter sends, Shift+Enter adds a line. A file — from the paperclip,
 * dropped on the composer, or pasted — goes to main, which streams it to the server
 * (progress bar, cancel) and the message carries its URL. Sends go to main's outbox, so
 * writing offline works: the message shows "pending" and goes out once the link returns.
 *
 * The composer also answers (a reply quote above the input) and edits: ArrowUp in an
 * empty composer edits my last message, Escape cancels a reply or an edit. `@` starts
 * a mention of a member (MentionPicker.tsx); the ids go with the message or edit.
 */
import { useEffect, useRef, useState, type ClipboardEvent, type DragEvent, type FormEvent, type KeyboardEvent } from 'react';
import { LIMITS } from '@parley/protocol';
import type { MessageView } from '../../../common/views.js';
import { useAppDispatch } from '../../app/hooks.js';
import { errorMessage } from '../../bridge/rendererBridge.js';
import { Icon } from '../../ui/Icon.js';
import { useMentionPicker, type Mentionable } from './MentionPicker.js';
import { sendAccepted } from './messagesSlice.js';
import { useFileUpload } from './useFileUpload.js';
import { useTypingSignal } from './useTypingSignal.js';

/** Replying to or editing a message. */
export type ComposerMode = { kind: 'reply' | 'edit'; message: MessageView };

interface Props {
  chatTitle: string;
  isConnected: boolean;
  sendMessage: (content: string, attachment?: string | null, replyToSeq?: number | null, mentions?: number[]) => Promise<MessageView>;
  setTyping: (isTyping: boolean) => Promise<void>;
  mode: ComposerMode | null;
  onCancelMode: () => void;
  /** ArrowUp in an empty composer: start editing my last message, if there is one. */
  onEditLast: () => boolean;
  /** Saves an edit; resolves false when it was refused (the text stays). */
  saveEdit: (message: MessageView, content: string, mentions: number[]) => Promise<boolean>;
  nameOf: (id: number) => string;
  /** Who `@` can mention: the chat's other members. */
  members: Mentionable[];
}

/** Whether a drag carries files (not text or a link dragged from the page). */
function carriesFiles(event: DragEvent): boolean {
  return [...event.dataTransfer.types].includes('Files');
}

/** Keys that move the caret without changing the text. */
const CARET_KEYS = new Set(['ArrowLeft', 'ArrowRight', 'Home', 'End']);

export function Composer({ chatTitle, isConnected, sendMessage, setTyping, mode, onCancelMode, onEditLast, saveEdit, nameOf, members }: Props) {
  const dispatch = useAppDispatch();
  const [text, setText] = useState('');
  const { upload, error, setError, start: startUpload, clear: clearUpload, reset: resetUpload } = useFileUpload();
  const [dropping, setDropping] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);
  const input = useRef<HTMLTextAreaElement>(null);
  const draft = useRef('');
  const typing = useTypingSignal(setTyping);
  const editing = mode?.kind === 'edit' ? mode.message : null;
  const replyTo = mode?.kind === 'reply' ? mode.message : null;
  const mentions = useMentionPicker(members, input, setText);
  const { reset: resetMentions } = mentions;

  // Editing puts the message's text in the box (the draft comes back afterwards);
  // replying keeps the draft. Either way, the cursor goes to the input.
  useEffect(() => {
    if (editing) {
      setText((current) => {
        draft.current = current;
        return editing.content;
      });
      resetMentions((editing.mentions ?? []).map((id) => ({ id, name: nameOf(id) })));
    }
    input.current?.focus();
    return () => {
      if (editing) setText(draft.current);
    };
  }, [editing, replyTo, resetMentions, nameOf]);

  const tooLong = text.length > LIMITS.maxContentChars;
  const attachment = upload?.state === 'ready' ? upload.file.url : null;
  const canSend = editing
    ? !tooLong && text.trim().length > 0
    : !tooLong && upload?.state !== 'uploading' && (text.trim().length > 0 || attachment !== null);

  const submit = async (event?: FormEvent) => {
    event?.preventDefault();
    if (!canSend) return;
    const content = text.trim();
    setError(null);
    if (editing) {
      const ids = mentions.mentionsIn(content);
      const same = content === editing.content && ids.join() === (editing.mentions ?? []).join();
      if (!same && !(await saveEdit(editing, content, ids))) return;
      resetMentions();
      onCancelMode();
      return;
    }
    const ids = mentions.mentionsIn(content);
    setText('');
    resetUpload();
    typing.stop();
    try {
      resetMentions();
      dispatch(sendAccepted(await sendMessage(content, attachment, replyTo?.seq ?? null, ids)));
      if (replyTo) onCancelMode();
    } catch (e) {
      setText(content); // Nothing was queued: give the words back rather than lose them.
      setError(errorMessage(e));
    }
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (mentions.onKeyDown(event)) return;
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      void submit();
    } else if (event.key === 'Escape' && mode) {
      event.preventDefault();
      onCancelMode();
    } else if (event.key === 'ArrowUp' && !text && !mode && !upload) {
      if (onEditLast()) event.preventDefault();
    }
  };

  const onFile = (file: File | undefined) => {
    if (file && !editing) void startUpload(file);
  };

  const onDragOver = (event: DragEvent<HTMLFormElement>) => {
    if (!carriesFiles(event) || editing) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
    setDropping(true);
  };
  const onDrop = (event: DragEvent<HTMLFormElement>) => {
    setDropping(false);
    if (!carriesFiles(event) || editing) return;
    event.preventDefault();
    onFile(event.dataTransfer.files[0]);
    input.current?.focus();
  };
  // A pasted file (a screenshot, a file copied in the file manager) uploads; pasted text stays text.
  const onPaste = (event: ClipboardEvent<HTMLTextAreaElement>) => {
    const file = event.clipboardData.files[0];
    if (!file || editing) return;
    event.preventDefault();
    onFile(file);
  };

  return (
    <form
      className={`composer${dropping ? ' is-dropping' : ''}`}
      onSubmit={submit}
      aria-label="Write a message"
      onDragOver={onDragOver}
      onDragLeave={(e) => {
        if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setDropping(false);
      }}
      onDrop={onDrop}
    >
      {mode && (
        <div className={`composer-mode is-${mode.kind}`} data-testid={`composer-${mode.kind}`}>
          <Icon name={mode.kind === 'edit' ? 'edit' : 'reply'} size={14} />
          <div className="composer-mode-text">
            <strong>{mode.kind === 'edit' ? 'Editing your message' : `Replying to ${nameOf(mode.message.sender_id)}`}</strong>
            <span>{mode.message.content || (mode.message.attachment ? 'Attachment' : '')}</span>
          </div>
          <button type="button" className="icon-btn" aria-label={mode.kind === 'edit' ? 'Cancel editing' : 'Cancel reply'} title="Cancel (Esc)" onClick={onCancelMode}>
            <Icon name="close" size={12} />
          </button>
        </div>
      )}
      {dropping && <p className="drop-hint">Drop the file to attach it</p>}
      {upload && (
        <div className="upload-chip" data-testid="upload-chip" data-state={upload.state}>
          <Icon name="file" size={14} />
          <span>{upload.state === 'uploading' ? `Uploading ${upload.name}…` : upload.name}</span>
          {upload.state === 'uploading' && (
            <div
              className="upload-progress"
              role="progressbar"
              aria-label={`Uploading ${upload.name}`}
              aria-valuemin={0}
              aria-valuemax={upload.total}
              aria-valuenow={upload.sent}
              aria-valuetext={`${Math.floor((upload.sent / Math.max(upload.total, 1)) * 100)}%`}
            >
              <span style={{ width: `${(upload.sent / Math.max(upload.total, 1)) * 100}%` }} />
            </div>
          )}
          <button
            type="button"
            className="icon-btn"
            aria-label={upload.state === 'uploading' ? `Cancel upload of ${upload.name}` : `Remove ${upload.name}`}
            onClick={clearUpload}
          >
            <Icon name="close" size={12} />
          </button>
        </div>
      )}
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <div className="composer-row">
        {mentions.list}
        <button type="button" className="icon-btn" aria-label="Attach a file" title="Attach a file" onClick={() => fileInput.current?.click()}>
          <Icon name="attach" />
        </button>
        <input
          ref={fileInput}
          type="file"
          hidden
          data-testid="file-input"
          onChange={(e) => {
            onFile(e.target.files?.[0]);
            e.target.value = '';
          }}
        />
        <textarea
          ref={input}
          className="composer-input"
          rows={1}
          value={text}
          placeholder={isConnected ? `Message ${chatTitle}` : `Message ${chatTitle} (will send when back online)`}
          aria-label={editing ? 'Edit message' : `Message ${chatTitle}`}
          aria-invalid={tooLong}
          aria-expanded={mentions.open}
          aria-autocomplete="list"
          onChange={(e) => {
            setText(e.target.value);
            mentions.onInput(e.target.value, e.target.selectionStart ?? e.target.value.length);
            if (e.target.value && !editing) typing.keystroke();
            else typing.stop();
          }}
          onKeyDown={onKeyDown}
          onPaste={onPaste}
          onBlur={typing.stop}
          // The caret moved without typing: the `@…` before it may have changed. (Not onSelect:
          // React fires it mid-keystroke with the old value, which would reopen a list just picked.)
          onClick={(e) => mentions.onInput(e.currentTarget.value, e.currentTarget.selectionStart ?? 0)}
          onKeyUp={(e) => {
            if (CARET_KEYS.has(e.key)) mentions.onInput(e.currentTarget.value, e.currentTarget.selectionStart ?? 0);
          }}
        />
        <button type="submit" className="send-btn" aria-label={editing ? 'Save edit' : 'Send'} disabled={!canSend}>
          <Icon name={editing ? 'check' : 'send'} />
        </button>
      </div>
      {tooLong && <p className="form-error">{text.length - LIMITS.maxContentChars} characters over the limit</p>}
    </form>
  );
}
