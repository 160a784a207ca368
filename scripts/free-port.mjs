// A TCP port nobody listens on right now, asked from the OS and released for a daemon, a test
// server or a browser driver to take. Shared by the test runner, the browser launchers and the
// fixtures that start real processes.
import net from 'node:net';

/** @returns {Promise<number>} */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = /** @type {net.AddressInfo} */ (server.address());
      server.close(() => resolve(port));
    });
  });
}
