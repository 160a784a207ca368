import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { once } from 'node:events';
import { openSse, request } from './helpers.js';
import { parseCli } from '../../server/cli-args.js';

const CLI = fileURLToPath(new URL('../../server/cli.js', import.meta.url));

/**
 * Starts the CLI as a child process and resolves with the URL from its start-up line.
 * @param {import('node:test').TestContext} t
 * @param {string[]} args
 * @param {NodeJS.ProcessEnv} [env]
 */
async function startCli(t, args, env = {}) {
  const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, PORT: '', PULSEBOARD_TOKEN: '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  t.after(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (c) => (stderr += c));
  const url = await new Promise((resolve, reject) => {
    child.stdout.on('data', (c) => {
      stdout += c;
      const m = /^pulseboard serving (http:\/\/[^\s]+\/) \((demo dashboard|demo not built yet: run npm run build)\)$/m.exec(stdout);
      if (m) resolve(m[1]);
    });
    child.once('exit', (code) => reject(new Error(`exited ${code} before printing its URL: ${stdout} ${stderr}`)));
  });
  return { child, url, output: () => ({ stdout, stderr }) };
}

test('CLI: serve prints its URL, serves /health, and exits 0 on SIGTERM after closing streams', async (t) => {
  const { child, url, output } = await startCli(t, ['serve', '--port', '0', '--no-sim', '--no-host-metrics', '--heartbeat', '5s']);
  assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\/$/);
  const health = await request(`${url}health`);
  assert.equal(health.status, 200);
  assert.equal(health.json.status, 'ok');
  const s = await openSse(`${url}events`);
  const hello = await s.waitForEvent((e) => e.event === 'pulse.hello');
  assert.equal(hello.json.heartbeatMs, 5000);
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const [code, signal] = await exited;
  assert.equal(signal, null);
  assert.equal(code, 0, output().stderr);
  await s.waitForEnd();
  assert.match(output().stdout, /SIGTERM, shutting down/);
});

test('CLI: SIGINT works too, PORT and PULSEBOARD_TOKEN come from the environment', async (t) => {
  const probe = await startCli(t, ['--port', '0', '--no-sim', '--no-host-metrics']);
  const port = new URL(probe.url).port;
  probe.child.kill('SIGTERM');
  await once(probe.child, 'exit');

  const { child, url } = await startCli(t, ['serve', '--no-sim', '--no-host-metrics'], { PORT: port, PULSEBOARD_TOKEN: 'envtoken' });
  assert.equal(new URL(url).port, port);
  assert.equal((await request(`${url}health`)).status, 401);
  assert.equal((await request(`${url}health`, { headers: { Authorization: 'Bearer envtoken' } })).status, 200);
  const exited = once(child, 'exit');
  child.kill('SIGINT');
  assert.equal((await exited)[0], 0);
});

test('CLI: --help exits 0; bad arguments exit 2 with a message; a busy port exits 1', async (t) => {
  /** @param {string[]} args */
  const run = async (args) => {
    const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (c) => (out += c));
    child.stderr.on('data', (c) => (out += c));
    const [code] = await once(child, 'exit');
    return { code, out };
  };
  const [help, bad, unknownFlag, unknownCommand] = await Promise.all([
    run(['--help']), run(['serve', '--port', 'eighty']), run(['--frobnicate']), run(['deploy']),
  ]);
  assert.equal(help.code, 0);
  for (const flag of ['--port', '--host', '--tail', '--token', '--cors', '--allowed-host', '--agents', '--max-clients', '--max-body', '--heartbeat', '--history', '--no-sim', '--no-host-metrics']) {
    assert.ok(help.out.includes(flag), `--help mentions ${flag}`);
  }
  assert.equal(bad.code, 2);
  assert.match(bad.out, /--port must be an integer/);
  assert.equal(unknownFlag.code, 2);
  assert.match(unknownFlag.out, /Unknown option '--frobnicate'/);
  assert.equal(unknownCommand.code, 2);
  assert.match(unknownCommand.out, /unknown command: deploy/);

  const first = await startCli(t, ['--port', '0', '--no-sim', '--no-host-metrics']);
  const busy = await run(['--port', new URL(first.url).port, '--no-sim', '--no-host-metrics']);
  assert.equal(busy.code, 1);
  assert.match(busy.out, /port in use/);
  first.child.kill('SIGTERM');
  await once(first.child, 'exit');
});

test('CLI arguments: defaults, repeatable flags, sizes and durations', () => {
  const d = parseCli([], {});
  assert.equal(d.options.port, 8080);
  assert.equal(d.options.host, '127.0.0.1');
  assert.equal(d.options.token, null);
  assert.deepEqual(d.options.cors, []);
  assert.equal(d.options.simulate, true);
  assert.equal(d.options.hostMetrics, true);
  const p = parseCli(['serve', '--tail', '/var/log/a.log', '--tail', 'b.log', '--cors', 'https://a.example', '--cors', '*', '--max-body', '2mb', '--heartbeat', '5s', '--history', '100', '--agents', '3', '--max-clients', '50', '--token', 'tok'], { PULSEBOARD_TOKEN: 'ignored' });
  assert.deepEqual(p.options.tail, ['/var/log/a.log', 'b.log']);
  assert.deepEqual(p.options.cors, ['https://a.example', '*']);
  assert.equal(p.options.maxBody, 2 * 1024 * 1024);
  assert.equal(p.options.heartbeatMs, 5000);
  assert.equal(p.options.history, 100);
  assert.equal(p.options.agents, 3);
  assert.equal(p.options.maxClients, 50);
  assert.equal(p.options.token, 'tok');
  assert.equal(parseCli(['--no-sim'], {}).options.agents, 0);
  assert.throws(() => parseCli(['--max-body', 'lots'], {}), /--max-body/);
  assert.throws(() => parseCli(['--history', '0'], {}), /--history must be an integer >= 1/);
  assert.throws(() => parseCli(['--port', '70000'], {}), /at most 65535/);
});

test('CLI args: --data-if-available (what npm start uses) goes with --data only', () => {
  assert.equal(parseCli(['--data', '.data', '--data-if-available'], {}).dataIfAvailable, true);
  assert.equal(parseCli(['--data', '.data'], {}).dataIfAvailable, false);
  assert.throws(() => parseCli(['--data-if-available'], {}), /needs --data/);
});
