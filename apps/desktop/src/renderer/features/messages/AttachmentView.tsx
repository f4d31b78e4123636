/**
 * An attachment: images inline (click opens full size), anything else as a file link
 * showing the name it was uploaded under. Both use a signed link from the server
 * (attachmentLinksSlice), shown once it has arrived.
 */
import { useEffect } from 'react';
import { useAppDispatch, useAppSelector } from '../../app/hooks.js';
import { fetchAttachmentLink, selectAttachmentLink } from './attachmentLinksSlice.js';

const IMAGE_EXT = /\.(png|jpe?g|gif|webp)$/i;

export function attachmentHref(url: string, serverUrl: string | undefined): string {
  try {
    return new URL(url, serverUrl).href;
  } catch {
    return url;
  }
}

export function AttachmentView({ url, serverUrl }: { url: string; serverUrl: string | undefined }) {
  const dispatch = useAppDispatch();
  const entry = useAppSelector((state) => selectAttachmentLink(state, url));
  useEffect(() => {
    void dispatch(fetchAttachmentLink(url));
  }, [dispatch, url]);

  const storedName = url.split('/').pop() ?? 'file';
  if (!entry || entry.status === 'loading') {
    return (
      <span className="attachment-file attachment-pending" aria-busy="true">
        {IMAGE_EXT.test(url) ? 'Loading image…' : storedName}
      </span>
    );
  }
  // Without a signed link (an older server) the plain URL is the only way to the file.
  const href = attachmentHref(entry.link?.url ?? url, serverUrl);
  const fileName = entry.link?.name ?? storedName;
  if (IMAGE_EXT.test(url)) {
    return (
      <a className="attachment-image" href={href} target="_blank" rel="noreferrer" aria-label="Open image attachment" title={fileName}>
        <img src={href} alt="Image attachment" loading="lazy" />
      </a>
    );
  }
  return (
    <a className="attachment-file" href={href} target="_blank" rel="noreferrer" download={fileName}>
      <svg width="18" height="18" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="1.8" aria-hidden="true">
        <path d="M14 3H6v18h12V7l-4-4zM14 3v4h4" />
      </svg>
      <span>{fileName}</span>
    </a>
  );
}
