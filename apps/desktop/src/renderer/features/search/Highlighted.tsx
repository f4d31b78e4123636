/** Text with highlighted runs, built as React text nodes: never parsed as HTML. */
import type { TextSegment } from '../../../common/searchText.js';

export function Highlighted({ segments }: { segments: TextSegment[] }) {
  return (
    <>
      {segments.map((s, i) =>
        s.hit ? (
          <mark key={i} className="search-mark">
            {s.text}
          </mark>
        ) : (
          <span key={i}>{s.text}</span>
        ),
      )}
    </>
  );
}
