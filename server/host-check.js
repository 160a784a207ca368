// DNS-rebinding protection: a server bound to loopback only answers requests whose Host header
// names a loopback host (or one allowed with --allowed-host). Otherwise a web page on
// evil.example whose DNS name is re-pointed at 127.0.0.1 would be "same-origin" with this server
// and could read the stream and post to /ingest from the user's browser.

/** @param {string} host */
export function isLoopbackHost(host) {
  const h = host.toLowerCase().replace(/^\[|\]$/g, '');
  return h === 'localhost' || h.endsWith('.localhost') || h === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

/**
 * The host name of a Host header, without port and brackets.
 * @param {string} header
 */
export function hostName(header) {
  const h = header.trim().toLowerCase();
  if (h.startsWith('[')) return h.slice(1, h.indexOf(']') === -1 ? undefined : h.indexOf(']'));
  const colon = h.lastIndexOf(':');
  return colon === -1 ? h : h.slice(0, colon);
}

/**
 * @param {string} bindHost the address the server listens on
 * @param {string[]} allowedHosts extra host names to accept (`*` accepts any)
 * @returns {(hostHeader: string | undefined) => boolean}
 */
export function createHostCheck(bindHost, allowedHosts) {
  if (allowedHosts.includes('*')) return () => true;
  if (!isLoopbackHost(bindHost) && allowedHosts.length === 0) return () => true;
  const extra = new Set(allowedHosts.map((h) => h.toLowerCase()));
  return (header) => {
    if (header === undefined) return true; // HTTP/1.0 tools; browsers always send Host
    const name = hostName(header);
    return isLoopbackHost(name) || extra.has(name);
  };
}
