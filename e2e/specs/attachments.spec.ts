/** Attachments end to end: upload through the app, an image previewed inline, a file as a link. */
import { deflateSync } from 'node:zlib';
import { expect, test } from '../fixtures/parley.js';
import { connect, goTo, openChatFromList, openChatWith, sendMessage, shoot } from '../fixtures/ui.js';

/** A real 96×64 PNG (solid red), built here so the test needs no binary fixture file. */
function tinyPng(): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf: Buffer) => {
    let c = 0xffffffff;
    for (const byte of buf) c = crcTable[(c ^ byte) & 0xff]! ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const out = Buffer.alloc(body.length + 8);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc(body), body.length + 4);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(96, 0);
  header.writeUInt32BE(64, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  const row = Buffer.concat([Buffer.from([0]), Buffer.alloc(96 * 3, Buffer.from([220, 38, 38]))]); // filter byte + 96 red pixels
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(Array.from({ length: 64 }, () => row)))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

test('an uploaded image is previewed and a text file is a download link, on both sides', async ({ makeUser }) => {
  const ada = await makeUser('Ada Lovelace');
  const grace = await makeUser('Grace Hopper');
  await connect(ada, grace);
  await openChatWith(ada.page, grace.name);

  await ada.page.getByTestId('file-input').setInputFiles({ name: 'engine.png', mimeType: 'image/png', buffer: tinyPng() });
  await expect(ada.page.getByTestId('upload-chip')).toHaveAttribute('data-state', 'ready');
  await sendMessage(ada.page, 'The diagram');

  await ada.page.getByTestId('file-input').setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('Note G\n') });
  await expect(ada.page.getByTestId('upload-chip')).toHaveAttribute('data-state', 'ready');
  await sendMessage(ada.page, 'And the notes');

  await openChatFromList(grace.page, ada.name);
  for (const page of [ada.page, grace.page]) {
    const image = page.getByRole('img', { name: 'Image attachment' });
    await expect(image).toHaveCount(1);
    // The preview really loaded the uploaded bytes from the server.
    await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(96);
    const link = page.locator('a.attachment-file');
    await expect(link).toHaveCount(1);
    // The link shows the name the file was uploaded under and carries a signed, expiring
    // URL: the server serves files only to chat members, and a link cannot send a token.
    await expect(link).toContainText('notes.txt');
    const href = await link.getAttribute('href');
    expect(href).toMatch(/\/upload\/files\/[A-Za-z0-9_-]+\.txt\?exp=\d+&sig=[A-Za-z0-9_-]+$/);
    expect((await page.request.get(href!.split('?')[0]!)).status()).toBe(401);
    // The renderer's CSP keeps the page from fetching the server directly (it talks only to
    // the bridge), so the link target is checked from outside the page.
    const download = await page.request.get(href!);
    expect(download.headers()['content-type']).toMatch(/^text\/plain/);
    expect(await download.text()).toBe('Note G\n');
  }
  await goTo(grace.page, 'chats');
  await openChatFromList(grace.page, ada.name);
  await shoot(grace.page, '11-attachments');
});
