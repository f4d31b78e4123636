// @vitest-environment jsdom
import { cleanup, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { createFakeBridge } from '../../test/fakeBridge.js';
import { renderWithStore } from '../../test/renderWithStore.js';
import { AttachmentView } from './AttachmentView.js';

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
    const link = await screen.findByRole('link', { name: 'Quarterly report.txt' });
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
});
