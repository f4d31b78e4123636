/**
 * Signed download links for attachments, by attachment URL. The server serves files only
 * to chat members, and an <img> cannot send a token, so main asks the server for a
 * signed, expiring link (with the name the file was uploaded under) and the renderer
 * uses that. A link is fetched once and again only shortly before it expires. A server
 * without the link route (older, files open to anyone) fails the fetch; the view then
 * falls back to the plain URL.
 */
import { createSlice } from '@reduxjs/toolkit';
import type { UploadLink } from '@parley/protocol';
import { isSignedOut } from '../../app/events.js';
import { createAppThunk } from '../../app/hooks.js';
import { invoke } from '../../bridge/rendererBridge.js';

/** Fetch a fresh link when the one we hold has less than this left. */
const RENEW_BEFORE_MS = 5 * 60 * 1000;

export interface AttachmentLinkEntry {
  status: 'loading' | 'ready' | 'failed';
  link: UploadLink | null;
}

export type AttachmentLinksState = Record<string, AttachmentLinkEntry>;

type S = { attachmentLinks: AttachmentLinksState };

export const fetchAttachmentLink = createAppThunk(
  'attachmentLinks/fetch',
  async (url: string, { extra }) => invoke(extra.bridge, 'upload.link', { url }),
  {
    condition: (url, { getState }) => {
      const entry = (getState() as S).attachmentLinks[url];
      if (!entry) return true;
      if (entry.status === 'loading') return false;
      // A failure (offline, an older server) is retried when the attachment is shown again.
      if (entry.status === 'failed') return true;
      return !entry.link || Date.parse(entry.link.expires_at) - Date.now() < RENEW_BEFORE_MS;
    },
  },
);

export const attachmentLinksSlice = createSlice({
  name: 'attachmentLinks',
  initialState: {} as AttachmentLinksState,
  reducers: {},
  extraReducers: (builder) => {
    builder
      .addCase(fetchAttachmentLink.pending, (state, { meta }) => {
        // A renewal keeps showing the current link meanwhile.
        state[meta.arg] = { status: state[meta.arg]?.link ? 'ready' : 'loading', link: state[meta.arg]?.link ?? null };
      })
      .addCase(fetchAttachmentLink.fulfilled, (state, { meta, payload }) => {
        state[meta.arg] = { status: 'ready', link: payload };
      })
      .addCase(fetchAttachmentLink.rejected, (state, { meta }) => {
        state[meta.arg] = { status: 'failed', link: state[meta.arg]?.link ?? null };
      })
      .addMatcher(isSignedOut, () => ({}));
  },
});

export const selectAttachmentLink = (state: S, url: string): AttachmentLinkEntry | undefined => state.attachmentLinks[url];
