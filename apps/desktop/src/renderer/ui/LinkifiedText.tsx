/**
 * Text with its http(s) links clickable. A click never navigates the window: it asks
 * main (`shell.openExternal`) to open the link in the browser, and main checks the link
 * again before it does. Middle-click and keyboard activation go the same way.
 */
import { Fragment, useMemo, type MouseEvent, type ReactNode } from 'react';
import { useBridge } from '../bridge/BridgeProvider.js';
import { invoke } from '../bridge/rendererBridge.js';
import { linkify } from './linkify.js';

interface Props {
  text: string;
  /** How the text between links is shown (mention marks); plain text when absent. */
  renderText?: (text: string) => ReactNode;
}

export function LinkifiedText({ text, renderText }: Props) {
  const bridge = useBridge();
  const pieces = useMemo(() => linkify(text), [text]);
  const open = (event: MouseEvent<HTMLAnchorElement>, href: string) => {
    event.preventDefault();
    event.stopPropagation();
    void invoke(bridge, 'shell.openExternal', { url: href }).catch(() => undefined);
  };
  return (
    <>
      {pieces.map((piece, i) =>
        piece.kind === 'text' ? (
          renderText ? <Fragment key={i}>{renderText(piece.text)}</Fragment> : piece.text
        ) : (
          <a key={i} className="text-link" href={piece.href} target="_blank" rel="noreferrer noopener" title={piece.href} onClick={(e) => open(e, piece.href)} onAuxClick={(e) => open(e, piece.href)}>
            {piece.text}
          </a>
        ),
      )}
    </>
  );
}
