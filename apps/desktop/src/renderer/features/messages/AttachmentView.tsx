/**
 * An attachment: images inline (click opens full size), anything else as a file link
 * showing the name it was uploaded under, and its size. The name is known at once for
 * files from this device and for any message the server delivered with its
 * `attachment_name` (attachmentNamesSlice); the signed link from the server
 * (attachmentLinksSlice) carries it too. Both images and files open through that signed
 * link, shown once it has arrived.
 */
import { useEffect } from 'react';
import { useAppDispatch, useAppSelector } from '../../app/hooks.js';
import { fetchAttachmentLink, selectAttachmentLink } from './attachmentLinksSlice.js';
import { selectAttachmentName } from './attachmentNamesSlice.js';

const IMAGE_EXT = /\.(png|jpe?g|gif|webp)$/i;

export function attachmentHref(url: string, serverUrl: string | undefined): string {
  try {
    return new URL(url, serverUrl).href;
  } catch {
    return url;
  }
}

/** 1536 → "1.5 KB"; files recorded before sizes were kept report 0 and show none. */
export function formatFileSize(bytes: number): string | null {
  if (bytes <= 0) return null;
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value < 10 ? Math.round(value * 10) / 10 : Math.round(value)} ${units[unit]}`;
}

export function AttachmentView({ url, serverUrl }: { url: string; serverUrl: string | undefined }) {
  const dispatch = useAppDispatch();
  const entry = useAppSelector((state) => selectAttachmentLink(state, url));
  const knownName = useAppSelector((state) => selectAttachmentName(state, url));
  useEffect(() => {
    void dispatch(fetchAttachmentLink(url));
  }, [dispatch, url]);

  const fileName = knownName ?? entry?.link?.name ?? url.split('/').pop() ?? 'file';
  if (!entry || entry.status === 'loading') {
    return (
      <span className="attachment-file attachment-pending" aria-busy="true">
        {IMAGE_EXT.test(url) ? 'Loading image…' : fileName}
      </span>
    );
  }
  // Without a signed link (an older server) the plain URL is the only way to the file.
  const href = attachmentHref(entry.link?.url ?? url, serverUrl);
  if (IMAGE_EXT.test(url)) {
    return (
      <a className="attachment-image" href={href} target="_blank" rel="noreferrer" aria-label="Open image attachment" title={fileName}>
        <img src={href} alt="Image attachment" loading="lazy" />
      </a>
    );
  }
  const size = entry.link ? formatFileSize(entry.link.size) : null;
  return (
    <a className="attachment-file" href={href} target="_blank" rel="noreferrer" download={fileName}>
      <svg width="18" height="18" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="1.8" aria-hidden="true">
        <path d="M14 3H6v18h12V7l-4-4zM14 3v4h4" />
      </svg>
      <span>{fileName}</span>
      {size && <span className="attachment-size">{size}</span>}
    </a>
  );
}
