import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, writeFile, symlink, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer, request } from './helpers.js';
import { PACKAGE_ROOT } from '../../server/package-info.js';

const SECRET = 'TOP-SECRET-CONTENT';

/** @param {import('node:test').TestContext} t */
async function makeRoot(t, withDemo = true) {
  const outside = await mkdtemp(join(tmpdir(), 'pulseboard-outside-'));
  const root = await mkdtemp(join(tmpdir(), 'pulseboard-root-'));
  t.after(() => Promise.all([rm(root, { recursive: true, force: true }), rm(outside, { recursive: true, force: true })]));
  await writeFile(join(root, 'secret.txt'), SECRET);
  await writeFile(join(outside, 'secret.txt'), SECRET);
  await mkdir(join(root, 'dist', 'types'), { recursive: true });
  await writeFile(join(root, 'dist', 'pulseboard.bundle.js'), 'export const x = 1;\n');
  await writeFile(join(root, 'dist', 'pulseboard.js.map'), '{"version":3}');
  await writeFile(join(root, 'dist', 'types', 'index.d.ts'), 'export {};');
  await symlink(outside, join(root, 'dist', 'link-out'));
  if (withDemo) {
    await mkdir(join(root, 'demo', 'assets'), { recursive: true });
    await writeFile(join(root, 'demo', 'index.html'), '<!doctype html><title>Pulseboard demo</title>');
    await writeFile(join(root, 'demo', 'assets', 'style.css'), 'body{}');
    await writeFile(join(root, 'demo', 'assets', 'logo.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    await writeFile(join(root, 'demo', 'data.json'), '{}');
  }
  return root;
}

test('static: / is demo/index.html, /demo/* and /dist/* are served with the right content types', async (t) => {
  const root = await makeRoot(t);
  const { base } = await startServer(t, { root });
  /** @type {[string, string][]} */
  const cases = [
    ['/', 'text/html; charset=utf-8'],
    ['/index.html', 'text/html; charset=utf-8'],
    ['/demo/', 'text/html; charset=utf-8'],
    ['/demo/index.html', 'text/html; charset=utf-8'],
    ['/demo/assets/style.css', 'text/css; charset=utf-8'],
    ['/demo/assets/logo.svg', 'image/svg+xml'],
    ['/demo/data.json', 'application/json; charset=utf-8'],
    ['/dist/pulseboard.bundle.js', 'text/javascript; charset=utf-8'],
    ['/dist/pulseboard.js.map', 'application/json; charset=utf-8'],
  ];
  for (const [path, type] of cases) {
    const r = await request(`${base}${path}`);
    assert.equal(r.status, 200, path);
    assert.equal(r.headers['content-type'], type, path);
    assert.equal(r.headers['x-content-type-options'], 'nosniff');
  }
  assert.match((await request(`${base}/`)).text, /Pulseboard demo/);
  const js = await request(`${base}/dist/pulseboard.bundle.js`);
  assert.equal(js.text, 'export const x = 1;\n');
  assert.equal(Number(js.headers['content-length']), js.text.length);
  const cached = await request(`${base}/dist/pulseboard.bundle.js`, { headers: { 'If-None-Match': String(js.headers.etag) } });
  assert.equal(cached.status, 304);
  const head = await request(`${base}/dist/pulseboard.bundle.js`, { method: 'HEAD' });
  assert.equal(head.status, 200);
  assert.equal(head.text, '');
  assert.equal((await request(`${base}/dist/missing.js`)).status, 404);
  assert.equal((await request(`${base}/elsewhere.txt`)).status, 404);
  assert.equal((await request(`${base}/dist/pulseboard.bundle.js`, { method: 'POST', headers: { 'Content-Type': 'application/json' } })).status, 405);
});

test('static: path traversal attempts are refused (403/404) and never leak a byte', async (t) => {
  const root = await makeRoot(t);
  const { base } = await startServer(t, { root });
  const attempts = [
    '/demo/../secret.txt',
    '/dist/../secret.txt',
    '/dist/../../../../etc/passwd',
    '/dist/%2e%2e/secret.txt',
    '/dist/%2E%2E/secret.txt',
    '/dist/.%2e/secret.txt',
    '/dist/%2e%2e%2fsecret.txt',
    '/dist/..%2Fsecret.txt',
    '/dist/..%5csecret.txt',
    '/dist/..\\secret.txt',
    '/dist/%252e%252e/secret.txt',
    '/dist/secret.txt%00.js',
    '/dist//etc/passwd',
    '/dist/%2Fetc%2Fpasswd',
    '/dist/./pulseboard.bundle.js',
    '/dist/link-out/secret.txt',
    '/../secret.txt',
    '/%2e%2e/secret.txt',
    '/demo/%c0%ae%c0%ae/secret.txt',
    '/secret.txt',
  ];
  for (const path of attempts) {
    const r = await request(base, { path });
    assert.ok(r.status === 403 || r.status === 404 || r.status === 400, `${path} -> ${r.status}`);
    assert.ok(!r.text.includes(SECRET), `${path} leaked the file`);
    assert.ok(!r.text.includes('root:'), `${path} leaked /etc/passwd`);
  }
  assert.equal((await request(base, { path: '/demo/../secret.txt' })).status, 403);
  assert.equal((await request(base, { path: '/dist/%2e%2e/secret.txt' })).status, 403);
  assert.equal((await request(base, { path: '/dist/link-out/secret.txt' })).status, 403, 'symlinks cannot lead out');
});

test('static: without a built demo, / serves a placeholder that says to run npm run build', async (t) => {
  const root = await makeRoot(t, false);
  const { base } = await startServer(t, { root });
  const r = await request(`${base}/`);
  assert.equal(r.status, 200);
  assert.equal(r.headers['content-type'], 'text/html; charset=utf-8');
  assert.match(r.text, /npm run build/);
  assert.equal((await request(`${base}/demo/index.html`)).status, 404);
});

test('static: the package root is found from the server files, not the working directory', () => {
  const expected = fileURLToPath(new URL('../../', import.meta.url));
  assert.equal(PACKAGE_ROOT, expected);
});
