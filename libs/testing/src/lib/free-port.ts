import { createServer } from 'node:net';

/** A TCP port free right now on 127.0.0.1, for a server that cannot be told to take port 0 (gRPC). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
