/**
 * Where the access token lives between runs. Electron's main process implements this
 * with safeStorage (OS keychain); the web host and tests use a file or memory.
 */
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

export interface SecretStore {
  get(): Promise<string | null>;
  set(value: string): Promise<void>;
  clear(): Promise<void>;
}

export class MemorySecretStore implements SecretStore {
  private value: string | null = null;
  async get(): Promise<string | null> {
    return this.value;
  }
  async set(value: string): Promise<void> {
    this.value = value;
  }
  async clear(): Promise<void> {
    this.value = null;
  }
}

/** Plain file, mode 0600: for the test/dev web host only, never the shipped app. */
export class FileSecretStore implements SecretStore {
  constructor(private readonly path: string) {}
  async get(): Promise<string | null> {
    try {
      const text = (await readFile(this.path, 'utf8')).trim();
      return text || null;
    } catch {
      return null;
    }
  }
  async set(value: string): Promise<void> {
    await mkdir(dirname(this.path), { recursive: true });
    await writeFile(this.path, value, { mode: 0o600 });
  }
  async clear(): Promise<void> {
    await rm(this.path, { force: true });
  }
}
