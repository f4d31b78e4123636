/**
 * An attachment: images inline (click opens full size), anything else as a file link
 * named by its original name when this device knows it (files I uploaded here), else by
 * the name in its URL.
 */
import { useAppSelector } from '../../app/hooks.js';
import { selectAttachmentName } from './attachmentNamesSlice.js';

const IMAGE_EXT = /\.(png|jpe?g|gif|webp)$/i;

export function attachmentHref(url: string, serverUrl: string | undefined): string {
  try {
    return new URL(url, serverUrl).href;
  } catch {
    return url;
  }
}

export function AttachmentView({ url, serverUrl }: { url: string; serverUrl: string | undefined }) {
  const href = attachmentHref(url, serverUrl);
  const original = useAppSelector((state) => selectAttachmentName(state, url));
  const fileName = original ?? url.split('/').pop() ?? 'file';
  if (IMAGE_EXT.test(url)) {
    return (
      <a className="attachment-image" href={href} target="_blank" rel="noreferrer" aria-label="Open image attachment">
        <img src={href} alt="Image attachment" title={original} loading="lazy" />
      </a>
    );
  }
  return (
    <a className="attachment-file" href={href} target="_blank" rel="noreferrer" download={original ?? true}>
      <svg width="18" height="18" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="1.8" aria-hidden="true">
        <path d="M14 3H6v18h12V7l-4-4zM14 3v4h4" />
      </svg>
      <span>{fileName}</span>
    </a>
  );
}
