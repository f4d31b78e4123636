/**
 * Runs the unattached-upload sweep on a timer. One sweep at a time; stop() waits for a
 * running one, so the store is never closed under it.
 */
import type { Logger } from '../observability/log.js';
import type { UploadAccess } from './uploadAccess.js';

export interface UploadSweeper {
  stop(): Promise<void>;
}

export function startUploadSweeper(uploads: UploadAccess, intervalMs: number, log: Logger): UploadSweeper {
  let running: Promise<void> | null = null;
  const timer = setInterval(() => {
    running ??= uploads
      .sweep()
      .then(() => undefined)
      .catch((err: unknown) => log.error({ err }, 'upload sweep failed'))
      .finally(() => {
        running = null;
      });
  }, intervalMs);
  // The sweep is housekeeping: it must never keep a stopping process alive.
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
