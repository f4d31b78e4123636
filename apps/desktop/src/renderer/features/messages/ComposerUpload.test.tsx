// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { LIMITS, type UploadResponse } from '@parley/protocol';
import type { MessageView } from '../../../common/views.js';
import { message } from '../../test/builders.js';
import { createFakeBridge, type FakeBridge } from '../../test/fakeBridge.js';
import { renderWithStore } from '../../test/renderWithStore.js';
import { Composer } from './Composer.js';
import { precheck } from './useFileUpload.js';

afterEach(cleanup);

// jsdom's File has no arrayBuffer() (browsers and Electron do): read it the older way.
if (!('arrayBuffer' in File.prototype)) {
  Object.defineProperty(File.prototype, 'arrayBuffer', {
    value(this: File) {
      return new Promise<ArrayBuffer>((resolve) => {
        const reader = new FileReader();
        reader.onload = () => resolve(reader.result as ArrayBuffer);
        reader.readAsArrayBuffer(this);
      });
    },
  });
}

function renderComposer(bridge: FakeBridge) {
  const sendMessage = vi.fn(async (content: string, attachment?: string | null) => message({ chat_id: 1, seq: 1, content, attachment: attachment ?? null }) as MessageView);
  renderWithStore(
    <Composer
      chatTitle="Grace"
      isConnected
      sendMessage={sendMessage}
      setTyping={async () => undefined}
      mode={null}
      onCancelMode={() => undefined}
      onEditLast={() => false}
      saveEdit={async () => true}
      members={[]}
      nameOf={(id) => `User ${id}`}
    />,
    { bridge },
  );
  return { sendMessage };
}

function file(name: string, type: string, size = 300_000): File {
  return new File([new Uint8Array(size).fill(7)], name, { type });
}

/** A drag event carrying files, as the browser builds it. */
function filesTransfer(files: File[]) {
  return { dataTransfer: { files, types: ['Files'], dropEffect: 'none' } };
}

/** An upload that main finishes when the test says so, reporting progress on the way. */
function controlledUpload(bridge: FakeBridge) {
  let finish: (r: UploadResponse) => void = () => undefined;
  let fail: (code: string) => void = () => undefined;
  let id = '';
  bridge.handle('upload.file', (req) => {
    id = req.uploadId ?? '';
    return new Promise<UploadResponse>((resolve, reject) => {
      finish = resolve;
      fail = (code) => reject(Object.assign(new Error(code), { code }));
    });
  });
  return {
    progress: (sent: number, total: number) => act(() => bridge.emit('upload.progress', { uploadId: id, sent, total })),
    finish: (r: UploadResponse) => act(async () => finish(r)),
    id: () => id,
    fail,
  };
}

describe('Composer: files by drop and paste', () => {
  it('a dropped file uploads through main with progress, then is sent with the message', async () => {
    const bridge = createFakeBridge();
    const upload = controlledUpload(bridge);
    const { sendMessage } = renderComposer(bridge);
    const form = screen.getByRole('form', { name: 'Write a message' });

    fireEvent.dragOver(form, filesTransfer([]));
    expect(screen.getByText('Drop the file to attach it')).toBeTruthy();
    fireEvent.drop(form, filesTransfer([file('Plan B.pdf', 'application/pdf')]));
    await waitFor(() => expect(bridge.callsOf('upload.file')).toHaveLength(1));
    const request = bridge.callsOf('upload.file')[0] as { name: string; type: string; bytes: Uint8Array; uploadId: string };
    expect(request).toMatchObject({ name: 'Plan B.pdf', type: 'application/pdf' });
    expect(request.bytes.length).toBe(300_000);
    expect(screen.queryByText('Drop the file to attach it')).toBeNull();

    const bar = screen.getByRole('progressbar', { name: 'Uploading Plan B.pdf' });
    upload.progress(150_000, 300_000);
    expect(bar.getAttribute('aria-valuenow')).toBe('150000');
    // A late, smaller number never moves the bar back.
    upload.progress(64_000, 300_000);
    expect(bar.getAttribute('aria-valuetext')).toBe('50%');
    expect((screen.getByRole('button', { name: 'Send' }) as HTMLButtonElement).disabled).toBe(true);

    await upload.finish({ url: '/upload/files/abcdefghijklmnop.pdf', size: 300_000, content_type: 'application/pdf', name: 'Plan B.pdf' });
    expect(screen.getByTestId('upload-chip').getAttribute('data-state')).toBe('ready');
    fireEvent.click(screen.getByRole('button', { name: 'Send' }));
    await waitFor(() => expect(sendMessage).toHaveBeenCalledWith('', '/upload/files/abcdefghijklmnop.pdf', null, []));
  });

  it('a pasted image uploads; pasted text stays text', async () => {
    const bridge = createFakeBridge();
    controlledUpload(bridge);
    renderComposer(bridge);
    const box = screen.getByRole('textbox');
    fireEvent.paste(box, { clipboardData: { files: [], getData: () => 'words' } });
    expect(bridge.callsOf('upload.file')).toHaveLength(0);
    fireEvent.paste(box, { clipboardData: { files: [file('image.png', 'image/png', 2048)] } });
    await waitFor(() => expect(bridge.callsOf('upload.file')).toHaveLength(1));
    expect(bridge.callsOf('upload.file')[0]).toMatchObject({ name: 'image.png', type: 'image/png' });
  });

  it('cancel asks main to stop the upload and clears the chip', async () => {
    const bridge = createFakeBridge();
    const upload = controlledUpload(bridge);
    bridge.handle('upload.cancel', () => {
      upload.fail('cancelled');
      return null;
    });
    renderComposer(bridge);
    fireEvent.drop(screen.getByRole('form'), filesTransfer([file('big.zip', 'application/zip')]));
    await waitFor(() => expect(bridge.callsOf('upload.file')).toHaveLength(1));
    expect(screen.getByRole('progressbar')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Cancel upload of big.zip' }));
    expect(bridge.callsOf('upload.cancel')).toEqual([{ uploadId: upload.id() }]);
    expect(screen.queryByTestId('upload-chip')).toBeNull();
    // A cancel is not an error.
    await new Promise((r) => setTimeout(r, 10));
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it.each([
    ['payload_too_large', 'huge.txt is larger than the server accepts.'],
    ['unsupported_media_type', 'huge.txt cannot be sent: the server does not accept this type of file'],
  ])('a %s refusal is shown in words', async (code, text) => {
    const bridge = createFakeBridge();
    bridge.fail('upload.file', code, 'refused');
    renderComposer(bridge);
    fireEvent.drop(screen.getByRole('form'), filesTransfer([file('huge.txt', 'text/plain')]));
    await waitFor(() => expect(screen.getByRole('alert').textContent).toContain(text));
    expect(screen.queryByTestId('upload-chip')).toBeNull();
  });

  it('files over the limit or empty are refused before any byte moves', () => {
    expect(precheck({ name: 'a.bin', size: LIMITS.maxUploadBytes + 1, type: '' })).toMatch(/a\.bin is 10 MB; files up to 10 MB/);
    expect(precheck({ name: 'e.txt', size: 0, type: 'text/plain' })).toBe('e.txt is empty.');
    expect(precheck({ name: 'ok.txt', size: 10, type: 'text/plain' })).toBeNull();
    const bridge = createFakeBridge();
    renderComposer(bridge);
    fireEvent.drop(screen.getByRole('form'), filesTransfer([file('e.txt', 'text/plain', 0)]));
    expect(screen.getByRole('alert').textContent).toBe('e.txt is empty.');
    expect(bridge.callsOf('upload.file')).toHaveLength(0);
  });

  it('a dragged link or text is not taken as a file', () => {
    const bridge = createFakeBridge();
    renderComposer(bridge);
    const form = screen.getByRole('form');
    fireEvent.dragOver(form, { dataTransfer: { files: [], types: ['text/uri-list'] } });
    expect(screen.queryByText('Drop the file to attach it')).toBeNull();
  });
});
