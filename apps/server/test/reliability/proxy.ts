/**
 * A TCP relay on 127.0.0.1 between test clients and a server, so a test can break the
 * network under a live WebSocket the way real networks break: a reset (RST, as when a
 * NAT or Wi-Fi drops the flow), or a black hole (bytes silently vanish both ways, as
 * when a laptop lid shuts) — in neither case does anyone send a close frame.
 */
import net from 'node:net';

interface Pair {
  client: net.Socket;
  upstream: net.Socket;
  blackholed: boolean;
}

export interface Relay {
  /** `http://127.0.0.1:<port>` of the relay. */
  url: string;
  /** Relayed connections whose server side is still open. */
  readonly open: number;
  /** Resets every current connection (RST to both ends, no close frame). */
  resetAll(): number;
  /** From now on, bytes of every current connection are dropped in both directions. */
  blackholeAll(): number;
  close(): Promise<void>;
}

export async function startRelay(targetPort: number): Promise<Relay> {
  const pairs = new Set<Pair>();
  const orphans = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(targetPort, '127.0.0.1');
    const pair: Pair = { client, upstream, blackholed: false };
    pairs.add(pair);
    const forward = (from: net.Socket, to: net.Socket) =>
      from.on('data', (chunk) => {
        if (!pair.blackholed) to.write(chunk);
      });
    forward(client, upstream);
    forward(upstream, client);
    const end = () => {
      pairs.delete(pair);
      upstream.destroy();
      // Through a black hole the client hears nothing, not even that the server gave up.
      if (pair.blackholed) orphans.add(client);
      else client.destroy();
    };
    for (const s of [client, upstream]) {
      s.on('error', end);
      s.on('close', end);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    get open() {
      return pairs.size;
    },
    resetAll() {
      const n = pairs.size;
      for (const p of [...pairs]) {
        p.client.resetAndDestroy();
        p.upstream.resetAndDestroy();
      }
      return n;
    },
    blackholeAll() {
      for (const p of pairs) p.blackholed = true;
      return pairs.size;
    },
    async close() {
      for (const p of [...pairs]) {
        p.client.destroy();
        p.upstream.destroy();
      }
      for (const s of orphans) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
