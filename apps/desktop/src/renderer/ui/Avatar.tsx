import { hueFor, initials } from './format.js';

interface AvatarProps {
  id: number;
  name: string;
  size?: 'sm' | 'md' | 'lg';
  /** undefined: no presence dot; true/false: online/offline dot. */
  online?: boolean;
}

/** Initials on a per-user colour, with an optional presence dot. Decorative: names are shown beside it. */
export function Avatar({ id, name, size = 'md', online }: AvatarProps) {
  return (
    <span className={`avatar avatar-${size}`} style={{ '--avatar-hue': hueFor(id) } as React.CSSProperties} aria-hidden="true">
      {initials(name)}
      {online !== undefined && (
        <span className={`presence-dot ${online ? 'is-online' : 'is-offline'}`} data-testid={`presence-${id}`} data-online={online} />
      )}
    </span>
  );
}
