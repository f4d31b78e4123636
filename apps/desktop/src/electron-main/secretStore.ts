/**
 * SecretStore over Electron's safeStorage: the token is encrypted with a key held by
 * the OS (Keychain, DPAPI, libsecret/kwallet) and only the ciphertext touches disk.
 * Where the OS offers no key store (a bare Linux session), safeStorage would fall
 * back to a hard-coded key; we refuse that and keep the token in memory only, so the
 * user signs in again after a restart instead of having a readable token on disk.
 */
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { safeStorage } from 'electron';
import type { SecretStore } from '../node/session/secretStore.js';

export class SafeStorageSecretStore implements SecretStore {
  private memory: string | null = null;

  constructor(private readonly file: string) {}

  private get usable(): boolean {
    if (!safeStorage.isEncryptionAvailable()) return false;
    return process.platform !== 'linux' || safeStorage.getSelectedStorageBackend() !== 'basic_text';
  }

  async get(): Promise<string | null> {
    if (!this.usable) return this.memory;
    try {
      return safeStorage.decryptString(await readFile(this.file));
    } catch {
      return null;
    }
  }

  async set(value: string): Promise<void> {
    this.memory = value;
    if (!this.usable) return;
    await mkdir(dirname(this.file), { recursive: true });
    await writeFile(this.file, safeStorage.encryptString(value), { mode: 0o600 });
  }

  async clear(): Promise<void> {
    this.memory = null;
    await rm(this.file, { force: true });
  }
}
