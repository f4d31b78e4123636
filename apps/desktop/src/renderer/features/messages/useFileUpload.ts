/**
 * One file at a time from the composer (picker, drop or paste) to main, which streams it
 * to the server: the state the composer shows (progress, ready, error), cancel, and the
 * sizes and types checked before any byte moves. Errors say what happened in words:
 * too large (413), a type the server does not take (415), cancelled, offline.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { LIMITS, UPLOAD_TYPES, type UploadResponse } from '@parley/protocol';
import { useBridge } from '../../bridge/BridgeProvider.js';
import { BridgeCallError, errorMessage, invoke } from '../../bridge/rendererBridge.js';

export type UploadState =
  | { id: string; name: string; state: 'uploading'; sent: number; total: number }
  | { id: string; name: string; state: 'ready'; file: UploadResponse };

/** What the browser reports for a file without a known type, e.g. some pasted images. */
const UNKNOWN_TYPE = 'application/octet-stream';

function mb(bytes: number): string {
  return `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;
}

/** Why this file cannot be sent, before uploading anything; null if it may be. */
export function precheck(file: Pick<File, 'name' | 'size' | 'type'>): string | null {
  if (file.size === 0) return `${file.name} is empty.`;
  if (file.size > LIMITS.maxUploadBytes) return `${file.name} is ${mb(file.size)}; files up to ${mb(LIMITS.maxUploadBytes)} can be sent.`;
  return null;
}

/** A readable failure for the composer. */
export function uploadErrorText(name: string, err: unknown): string | null {
  const code = err instanceof BridgeCallError ? err.code : null;
  if (code === 'cancelled') return null;
  if (code === 'payload_too_large') return `${name} is larger than the server accepts.`;
  if (code === 'unsupported_media_type') return `${name} cannot be sent: the server does not accept this type of file (${Object.keys(UPLOAD_TYPES).length} types are allowed, e.g. images, PDF, text).`;
  if (code === 'network' || code === 'offline') return `Could not upload ${name}: the server is unreachable.`;
  return `Could not upload ${name}: ${errorMessage(err)}`;
}

let uploadCounter = 0;
function newUploadId(): string {
  const random = globalThis.crypto?.randomUUID?.().replace(/-/g, '') ?? Math.random().toString(36).slice(2);
  return `r${++uploadCounter}-${random}`.slice(0, 64);
}

export function useFileUpload() {
  const bridge = useBridge();
  const [upload, setUpload] = useState<UploadState | null>(null);
  const [error, setError] = useState<string | null>(null);
  const current = useRef<string | null>(null);
  const inFlight = useRef(false);

  useEffect(
    () =>
      bridge.on('upload.progress', ({ uploadId, sent, total }) => {
        if (uploadId !== current.current) return;
        // Progress only grows: an event that arrives late never moves the bar back.
        setUpload((u) => (u && u.id === uploadId && u.state === 'uploading' && sent >= u.sent ? { ...u, sent, total } : u));
      }),
    [bridge],
  );

  const start = useCallback(
    async (file: File) => {
      const refused = precheck(file);
      if (refused) {
        setError(refused);
        return;
      }
      if (current.current && inFlight.current) void invoke(bridge, 'upload.cancel', { uploadId: current.current }).catch(() => undefined);
      const id = newUploadId();
      current.current = id;
      inFlight.current = true;
      setError(null);
      setUpload({ id, name: file.name, state: 'uploading', sent: 0, total: file.size });
      try {
        const bytes = new Uint8Array(await file.arrayBuffer());
        const result = await invoke(bridge, 'upload.file', { uploadId: id, name: file.name, type: file.type || UNKNOWN_TYPE, bytes });
        if (current.current !== id) return;
        inFlight.current = false;
        setUpload({ id, name: file.name, state: 'ready', file: result });
      } catch (err) {
        if (current.current !== id) return;
        current.current = null;
        inFlight.current = false;
        setUpload(null);
        setError(uploadErrorText(file.name, err));
      }
    },
    [bridge],
  );

  /** Stops an upload in flight, or drops a finished one from the message. */
  const clear = useCallback(() => {
    const id = current.current;
    if (id && inFlight.current) void invoke(bridge, 'upload.cancel', { uploadId: id }).catch(() => undefined);
    current.current = null;
    inFlight.current = false;
    setUpload(null);
  }, [bridge]);

  /** After sending: the attachment went with the message. */
  const reset = useCallback(() => {
    current.current = null;
    inFlight.current = false;
    setUpload(null);
  }, []);

  return { upload, error, setError, start, clear, reset };
}
