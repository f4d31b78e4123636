/**
 * Original names of attachments, by attachment URL, so messages show "report.pdf" rather
 * than the server's random file name: files uploaded from this device, and names the
 * server sent with messages from anyone (`attachment_name`). Main keeps them in its cache
 * (snapshot) and announces new ones (`attachments.named`).
 */
import { createSlice } from '@reduxjs/toolkit';
import { attachmentsNamed, isSignedOut, snapshotLoaded } from '../../app/events.js';

export type AttachmentNamesState = Record<string, string>;

const initialState: AttachmentNamesState = {};

export const attachmentNamesSlice = createSlice({
  name: 'attachmentNames',
  initialState,
  reducers: {},
  extraReducers: (builder) => {
    builder
      .addCase(snapshotLoaded, (_state, { payload }) => ({ ...payload.attachmentNames }))
      .addCase(attachmentsNamed, (state, { payload }) => ({ ...state, ...payload }))
      .addMatcher(isSignedOut, () => initialState);
  },
});

export const selectAttachmentName = (state: { attachmentNames: AttachmentNamesState }, url: string): string | undefined => state.attachmentNames[url];
