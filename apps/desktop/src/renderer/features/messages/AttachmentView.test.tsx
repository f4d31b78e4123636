// @vitest-environment jsdom
import { act, cleanup, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { attachmentsNamed, snapshotLoaded } from '../../app/events.js';
import { createFakeBridge, snapshot } from '../../test/fakeBridge.js';
import { renderWithStore } from '../../test/renderWithStore.js';
import { AttachmentView, formatFileSize } from './AttachmentView.js';

const SERVER = 'http://127.0.0.1:9000';
const FILE = '/upload/files/abcdefghijklmnopqrstuvwx.txt';
const IMAGE = '/upload/files/abcdefghijklmnopqrstuvwx.png';

function linkFor(url: string, name: string, expiresInMs = 3_600_000) {
  return { url: `${url}?exp=123&sig=s1g`, name, size: 5, content_type: 'text/plain', expires_at: new Date(Date.now() + expiresInMs).toISOString() };
}

afterEach(cleanup);

describe('AttachmentView', () => {
  it('links a file through its signed URL and shows the name it was uploaded under', async () => {
    const bridge = createFakeBridge();
    bridge.handle('upload.link', ({ url }) => linkFor(url, 'Quarterly report.txt'));
    renderWithStore(<AttachmentView url={FILE} serverUrl={SERVER} />, { bridge });
    const link = await screen.findByRole('link', { name: /^Quarterly report\.txt/ });
    expect(link.textContent).toBe('Quarterly report.txt5 B');
    expect(link.getAttribute('href')).toBe(`${SERVER}${FILE}?exp=123&sig=s1g`);
    expect(link.getAttribute('download')).toBe('Quarterly report.txt');
    expect(bridge.callsOf('upload.link')).toEqual([{ url: FILE }]);
  });

  it('shows an image from its signed URL, asking main once for several views of it', async () => {
    const bridge = createFakeBridge();
    bridge.handle('upload.link', ({ url }) => linkFor(url, 'diagram.png'));
    renderWithStore(
      <>
        <AttachmentView url={IMAGE} serverUrl={SERVER} />
        <AttachmentView url={IMAGE} serverUrl={SERVER} />
      </>,
      { bridge },
    );
    const images = await screen.findAllByRole('img', { name: 'Image attachment' });
    expect(images.map((img) => img.getAttribute('src'))).toEqual([`${SERVER}${IMAGE}?exp=123&sig=s1g`, `${SERVER}${IMAGE}?exp=123&sig=s1g`]);
    expect(bridge.callsOf('upload.link')).toHaveLength(1);
  });

  it('falls back to the plain URL when the server issues no links', async () => {
    const bridge = createFakeBridge();
    bridge.fail('upload.link', 'not_found', 'no such route');
    renderWithStore(<AttachmentView url={FILE} serverUrl={SERVER} />, { bridge });
    await waitFor(() => expect(screen.getByRole('link').getAttribute('href')).toBe(`${SERVER}${FILE}`));
    expect(screen.getByRole('link').textContent).toContain('abcdefghijklmnopqrstuvwx.txt');
  });

  it('shows the name main knows (uploaded here, or sent with the message) while the link loads and without one', async () => {
    const OTHER = '/upload/files/zyxwvutsrqponmlkjihgfedc.txt';
    const bridge = createFakeBridge();
    let answerLink: () => void = () => undefined;
    bridge.handle('upload.link', ({ url }) =>
      url === FILE ? new Promise((resolve) => (answerLink = () => resolve(linkFor(url, 'Minutes – März.txt')))) : Promise.reject(new Error('offline')),
    );
    const { store } = renderWithStore(
      <>
        <AttachmentView url={FILE} serverUrl={SERVER} />
        <AttachmentView url={OTHER} serverUrl={SERVER} />
      </>,
      { bridge },
    );
    act(() => void store.dispatch(snapshotLoaded(snapshot({ attachmentNames: { [FILE]: 'Minutes – März.txt' } }))));
    // Someone else's file: the name arrived with their message, before any link.
    expect(screen.getByText('Minutes – März.txt').closest('[aria-busy="true"]')).not.toBeNull();
    // No link for the other file (offline): the plain URL, under the URL's name until main names it.
    const fallback = await screen.findByRole('link', { name: 'zyxwvutsrqponmlkjihgfedc.txt' });
    expect(fallback.getAttribute('href')).toBe(`${SERVER}${OTHER}`);
    act(() => void store.dispatch(attachmentsNamed({ [OTHER]: 'notes.txt' })));
    expect(screen.getByRole('link', { name: 'notes.txt' }).getAttribute('download')).toBe('notes.txt');

    await act(async () => answerLink());
    const link = await screen.findByRole('link', { name: /^Minutes – März\.txt/ });
    expect(link.getAttribute('href')).toBe(`${SERVER}${FILE}?exp=123&sig=s1g`);
  });
});

describe('formatFileSize', () => {
  it('reads like a file manager, and shows nothing for an unknown (0) size', () => {
    expect([0, 5, 1023, 1536, 10 * 1024, 5 * 1024 * 1024 + 1, 3 * 1024 ** 3].map(formatFileSize)).toEqual([null, '5 B', '1023 B', '1.5 KB', '10 KB', '5 MB', '3 GB']);
  });
});
