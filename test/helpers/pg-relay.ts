/**
 * A TCP relay in front of the PostgreSQL server that can be cut (every connection reset, new ones refused) and
 * restored on the same port: the server stopping to answer, for real, as a restart or a network cut does.
 */
import net from "node:net";

export interface PgRelay {
  port: number;
  /** The database URL `direct` reached through the relay. */
  url(direct: string): string;
  cut(): Promise<void>;
  restore(): Promise<void>;
  close(): Promise<void>;
}

export async function pgRelay(target: URL): Promise<PgRelay> {
  const sockets = new Set<net.Socket>();
  let srv: net.Server | undefined;
  const listen = (port: number) =>
    new Promise<number>((resolve) => {
      const s = net.createServer((client) => {
        const upstream = net.connect(Number(target.port || 5432), target.hostname);
        for (const [x, peer] of [
          [client, upstream],
          [upstream, client],
        ] as const) {
          sockets.add(x);
          // A side that closes, even by a reset (a SIGKILLed process), closes the other: the server ends that session
          // and frees its locks, as it would with no relay between.
          x.on("close", () => {
            sockets.delete(x);
            peer.destroy();
          });
          x.on("error", () => undefined);
        }
        client.pipe(upstream).pipe(client);
      });
      srv = s;
      s.listen(port, "127.0.0.1", () => resolve((s.address() as net.AddressInfo).port));
    });
  const stopListening = () =>
    new Promise<void>((r) => {
      const s = srv;
      srv = undefined;
      if (!s) return r();
      s.close(() => r());
    });
  const port = await listen(0);
  return {
    port,
    url(direct) {
      const u = new URL(direct);
      u.host = `127.0.0.1:${port}`;
      return u.toString();
    },
    async cut() {
      const closed = stopListening();
      for (const s of sockets) s.destroy();
      await closed;
    },
    async restore() {
      await listen(port);
    },
    async close() {
      const closed = stopListening();
      for (const s of sockets) s.destroy();
      await closed;
    },
  };
}
