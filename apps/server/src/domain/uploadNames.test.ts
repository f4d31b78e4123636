import { describe, expect, it } from 'vitest';
import { cleanFileName, signUploadUrl, verifyUploadSignature } from './uploadNames.js';

describe('cleanFileName', () => {
  it('decodes, drops directories and hostile characters, caps the length', () => {
    expect(cleanFileName(encodeURIComponent('Résumé 2024.pdf'), 'pdf')).toBe('Résumé 2024.pdf');
    expect(cleanFileName('../../etc/passwd', 'txt')).toBe('passwd');
    expect(cleanFileName('C:\\Users\\me\\notes.txt', 'txt')).toBe('notes.txt');
    expect(cleanFileName(encodeURIComponent('invoice\u202Etxt.exe'), 'txt')).toBe('invoicetxt.exe');
    expect(cleanFileName(encodeURIComponent('a\nb\u200b.png'), 'png')).toBe('ab.png');
    expect(cleanFileName('...hidden', 'txt')).toBe('hidden');
    expect(cleanFileName('', 'png')).toBe('file.png');
    expect(cleanFileName('%E0%A4%A', 'txt')).toBe('%E0%A4%A');
    expect([...cleanFileName('x'.repeat(500), 'txt')]).toHaveLength(200);
  });
});

describe('signed upload URLs', () => {
  const secret = 'a-secret-of-sufficient-length';
  const name = 'abcdefghijklmnopqrstuvwx.png';

  it('verifies its own signature until it expires', () => {
    const now = Date.UTC(2030, 0, 1);
    const { url, expiresAt } = signUploadUrl(secret, name, 60_000, now);
    const q = new URLSearchParams(url.split('?')[1]);
    expect(expiresAt).toBe('2030-01-01T00:01:00.000Z');
    expect(verifyUploadSignature(secret, name, q.get('exp'), q.get('sig'), now)).toBe(true);
    expect(verifyUploadSignature(secret, name, q.get('exp'), q.get('sig'), now + 60_000)).toBe(false);
  });

  it('refuses another file, another secret, a moved expiry or garbage', () => {
    const now = Date.UTC(2030, 0, 1);
    const q = new URLSearchParams(signUploadUrl(secret, name, 60_000, now).url.split('?')[1]);
    expect(verifyUploadSignature(secret, 'zzzzzzzzzzzzzzzzzzzzzzzz.png', q.get('exp'), q.get('sig'), now)).toBe(false);
    expect(verifyUploadSignature('another-secret-entirely-x', name, q.get('exp'), q.get('sig'), now)).toBe(false);
    expect(verifyUploadSignature(secret, name, String(Number(q.get('exp')) + 3600), q.get('sig'), now)).toBe(false);
    expect(verifyUploadSignature(secret, name, null, null, now)).toBe(false);
    expect(verifyUploadSignature(secret, name, '1e99', 'x', now)).toBe(false);
  });
});
