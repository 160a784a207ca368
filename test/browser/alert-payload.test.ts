import { expect } from '@open-wc/testing';
import { labelsKey, normaliseSeverity, parseAlertTime, parseAlerts } from '../../src/data/alert-payload.js';
import { AlertStore, compareAlerts } from '../../src/data/alert-store.js';

const NOW = Date.parse('2025-11-22T10:00:00Z');

/** An Alertmanager webhook body (version 4), as Alertmanager POSTs it. */
const ALERTMANAGER_BODY = {
  version: '4',
  groupKey: '{}:{alertname="HighLatency"}',
  truncatedAlerts: 0,
  status: 'firing',
  receiver: 'pulseboard',
  groupLabels: { alertname: 'HighLatency' },
  commonLabels: { alertname: 'HighLatency', service: 'api' },
  commonAnnotations: {},
  externalURL: 'http://alertmanager:9093',
  alerts: [
    {
      status: 'firing',
      labels: { alertname: 'HighLatency', service: 'api', severity: 'page', instance: 'api-1:9090' },
      annotations: { summary: 'p99 latency above 2s', description: 'api-1 answers slowly', runbook_url: 'https://runbooks/x' },
      startsAt: '2025-11-22T09:48:00.000Z',
      endsAt: '0001-01-01T00:00:00Z',
      generatorURL: 'http://prometheus:9090/graph?g0.expr=...',
      fingerprint: 'c0ffee1234',
    },
    {
      status: 'resolved',
      labels: { alertname: 'HighLatency', service: 'api', severity: 'warning', instance: 'api-2:9090' },
      annotations: { summary: 'p99 latency above 1s' },
      startsAt: '2025-11-22T09:30:00Z',
      endsAt: '2025-11-22T09:55:00Z',
      fingerprint: 'deadbeef99',
    },
  ],
};

describe('parseAlerts: Pulseboard alerts', () => {
  it('reads every field of the contract shape', () => {
    const { alerts, errors } = parseAlerts(
      {
        id: 'disk-full',
        status: 'firing',
        severity: 'critical',
        title: 'Disk full',
        description: '/var at 99%',
        startsAt: '2025-11-22T09:50:00Z',
        endsAt: null,
        labels: { host: 'db-1', mount: '/var' },
      },
      NOW,
    );
    expect(errors).to.deep.equal([]);
    expect(alerts).to.have.length(1);
    const a = alerts[0]!;
    expect(a.id).to.equal('disk-full');
    expect(a.status).to.equal('firing');
    expect(a.severity).to.equal('critical');
    expect(a.title).to.equal('Disk full');
    expect(a.description).to.equal('/var at 99%');
    expect(a.startsAt).to.equal(Date.parse('2025-11-22T09:50:00Z'));
    expect(a.endsAt).to.equal(undefined);
    expect([...a.labels]).to.deep.equal([
      ['host', 'db-1'],
      ['mount', '/var'],
    ]);
  });

  it('keys by id, else fingerprint, else a stable hash of the sorted labels', () => {
    expect(parseAlerts({ id: 'a', fingerprint: 'f', labels: { x: '1' } }).alerts[0]!.id).to.equal('a');
    expect(parseAlerts({ fingerprint: 'f', labels: { x: '1' } }).alerts[0]!.id).to.equal('f');
    const one = parseAlerts({ labels: { b: '2', a: '1' } }).alerts[0]!.id;
    const two = parseAlerts({ labels: { a: '1', b: '2' } }).alerts[0]!.id;
    const other = parseAlerts({ labels: { a: '1', b: '3' } }).alerts[0]!.id;
    expect(one).to.equal(two);
    expect(one).to.not.equal(other);
    expect(one).to.equal(labelsKey(new Map([['a', '1'], ['b', '2']])));
  });

  it('maps severity words onto critical, error, warning and info', () => {
    const cases: [unknown, string][] = [
      ['critical', 'critical'],
      ['CRITICAL', 'critical'],
      ['page', 'critical'],
      ['P1', 'critical'],
      ['sev-1', 'critical'],
      ['fatal', 'critical'],
      ['error', 'error'],
      ['high', 'error'],
      ['major', 'error'],
      ['warning', 'warning'],
      ['warn', 'warning'],
      ['minor', 'warning'],
      ['info', 'info'],
      ['notice', 'info'],
      ['something-new', 'info'],
      [undefined, 'info'],
      [42, 'info'],
    ];
    for (const [word, expected] of cases) expect(normaliseSeverity(word), String(word)).to.equal(expected);
    // From the labels when the payload has no severity field.
    expect(parseAlerts({ id: 'x', labels: { severity: 'page' } }).alerts[0]!.severity).to.equal('critical');
  });

  it('treats an end in the past without a status as resolved, and an unknown status as malformed', () => {
    const ended = parseAlerts({ id: 'x', title: 't', endsAt: NOW - 60_000 }, NOW).alerts[0]!;
    expect(ended.status).to.equal('resolved');
    expect(ended.endsAt).to.equal(NOW - 60_000);
    expect(parseAlerts({ id: 'x', title: 't' }, NOW).alerts[0]!.status).to.equal('firing');
    expect(parseAlerts({ id: 'x', status: 'exploded' }, NOW).errors[0]).to.match(/status/);
  });

  it('clamps times from a clock ahead of ours to now (an alert never starts or ends in the future)', () => {
    const a = parseAlerts({ id: 'x', status: 'resolved', startsAt: 1e300, endsAt: 8.64e15 + 1 }, NOW).alerts[0]!;
    expect(a.startsAt).to.equal(NOW);
    expect(a.endsAt).to.equal(NOW);
  });

  it('rejects what is not an alert, with a reason', () => {
    for (const bad of [null, 42, 'alert', [1, 2], { title: 'no key at all' }, { id: {} }, { id: 'x', labels: 'a=b' }, { id: 'x', startsAt: 'yesterday' }, { id: 'x', title: { html: 1 } }]) {
      const { alerts, errors } = parseAlerts(bad, NOW);
      expect(alerts, JSON.stringify(bad)).to.have.length(0);
      expect(errors, JSON.stringify(bad)).to.have.length(1);
    }
  });

  it('keeps a __proto__ label as a plain label without touching any prototype', () => {
    const payload = JSON.parse('{"id": "p", "labels": {"__proto__": {"polluted": "yes"}, "constructor": "c", "env": "prod"}}');
    const { alerts } = parseAlerts(payload, NOW);
    const labels = alerts[0]!.labels;
    expect(labels).to.be.instanceOf(Map);
    expect(labels.get('constructor')).to.equal('c');
    expect(labels.get('env')).to.equal('prod');
    expect(labels.has('__proto__')).to.equal(false); // an object is not a label value
    expect(({} as Record<string, unknown>)['polluted']).to.equal(undefined);
    const text = parseAlerts(JSON.parse('{"id": "q", "labels": {"__proto__": "x"}}'), NOW).alerts[0]!;
    expect(text.labels.get('__proto__')).to.equal('x');
    expect(Object.getPrototypeOf(text.labels)).to.equal(Map.prototype);
  });

  it('caps oversized text', () => {
    const { alerts } = parseAlerts({ id: 'big', title: 'x'.repeat(100_000), description: 'y'.repeat(100_000) }, NOW);
    expect(alerts[0]!.title.length).to.be.at.most(1024);
    expect(alerts[0]!.description.length).to.be.at.most(8192);
  });
});

describe('parseAlerts: Alertmanager webhook bodies', () => {
  it('reads a version 4 body as-is: labels, annotations, fingerprint, zero endsAt', () => {
    const { alerts, errors } = parseAlerts(ALERTMANAGER_BODY, NOW);
    expect(errors).to.deep.equal([]);
    expect(alerts).to.have.length(2);
    const [firing, resolved] = alerts as [(typeof alerts)[0], (typeof alerts)[0]];
    expect(firing.id).to.equal('c0ffee1234');
    expect(firing.status).to.equal('firing');
    expect(firing.severity).to.equal('critical'); // severity="page"
    expect(firing.title).to.equal('p99 latency above 2s'); // the summary annotation
    expect(firing.description).to.equal('api-1 answers slowly');
    expect(firing.startsAt).to.equal(Date.parse('2025-11-22T09:48:00Z'));
    expect(firing.endsAt).to.equal(undefined); // 0001-01-01T00:00:00Z means "not ended"
    expect(firing.labels.get('instance')).to.equal('api-1:9090');
    expect(firing.annotations.get('runbook_url')).to.equal('https://runbooks/x');
    expect(firing.annotations.has('summary')).to.equal(false);
    expect(resolved.id).to.equal('deadbeef99');
    expect(resolved.status).to.equal('resolved');
    expect(resolved.severity).to.equal('warning');
    expect(resolved.endsAt).to.equal(Date.parse('2025-11-22T09:55:00Z'));
  });

  it('falls back to the alertname label for a title and to the group status', () => {
    const { alerts } = parseAlerts({ version: '4', status: 'resolved', alerts: [{ labels: { alertname: 'NodeDown' }, fingerprint: 'n1' }] }, NOW);
    expect(alerts[0]!.title).to.equal('NodeDown');
    expect(alerts[0]!.status).to.equal('resolved');
  });

  it('keeps the good alerts of a body and reports the bad ones', () => {
    const { alerts, errors } = parseAlerts({ version: '4', status: 'firing', alerts: [{ fingerprint: 'ok', labels: { a: '1' } }, 'junk', { labels: {} }] }, NOW);
    expect(alerts.map((a) => a.id)).to.deep.equal(['ok']);
    expect(errors).to.have.length(2);
    expect(parseAlerts({ version: '4', alerts: 'none' }).errors).to.have.length(1);
  });

  it("reads Go's zero time and absent times as undefined, garbage as unusable", () => {
    expect(parseAlertTime('0001-01-01T00:00:00Z')).to.equal(undefined);
    expect(parseAlertTime(undefined)).to.equal(undefined);
    expect(parseAlertTime('2025-11-22T09:48:00Z')).to.equal(Date.parse('2025-11-22T09:48:00Z'));
    expect(parseAlertTime(1763800000)).to.equal(1763800000000);
    expect(parseAlertTime('soon')).to.equal(null);
    expect(parseAlertTime(Number.NaN)).to.equal(null);
  });
});

describe('AlertStore', () => {
  const options = { maxAlerts: 3, resolvedTtlMs: 1000, flapThreshold: 3, flapWindowMs: 10_000 };
  const alert = (id: string, status: 'firing' | 'resolved', severity = 'warning', startsAt = NOW - 1000) =>
    parseAlerts({ id, status, severity, title: id, startsAt }, NOW).alerts[0]!;

  it('updates in place, expires resolved alerts after the TTL, and orders by severity then newest start', () => {
    const store = new AlertStore({ ...options, maxAlerts: 10 });
    store.upsert(alert('w-old', 'firing', 'warning', NOW - 5000), NOW);
    store.upsert(alert('w-new', 'firing', 'warning', NOW - 1000), NOW);
    store.upsert(alert('c', 'firing', 'critical', NOW - 9000), NOW);
    store.upsert(alert('i', 'firing', 'info'), NOW);
    expect([...store.values()].sort(compareAlerts).map((e) => e.id)).to.deep.equal(['c', 'w-new', 'w-old', 'i']);
    store.upsert(alert('c', 'resolved', 'critical', NOW - 9000), NOW + 100);
    expect(store.size).to.equal(4);
    expect(store.get('c')!.status).to.equal('resolved');
    expect([...store.values()].sort(compareAlerts).map((e) => e.id).at(-1)).to.equal('c');
    store.expire(NOW + 500);
    expect(store.get('c')).to.not.equal(undefined);
    store.expire(NOW + 1100);
    expect(store.get('c')).to.equal(undefined);
  });

  it('keeps the severity an alert fired with when its resolution says "none" or nothing', () => {
    const store = new AlertStore({ ...options, maxAlerts: 10 });
    store.upsert(alert('x', 'firing', 'critical'), NOW);
    store.upsert(parseAlerts({ id: 'x', status: 'resolved', severity: 'none', title: 'x' }, NOW).alerts[0]!, NOW + 1);
    expect(store.get('x')!.severity).to.equal('critical');
    store.upsert(parseAlerts({ id: 'y', status: 'resolved', title: 'y' }, NOW).alerts[0]!, NOW + 1);
    expect(store.get('y')!.severity).to.equal('info');
    store.upsert(alert('x', 'resolved', 'warning'), NOW + 2);
    expect(store.get('x')!.severity).to.equal('warning', 'a stated severity still applies');
  });

  it('evicts resolved alerts first, then the least severe', () => {
    const store = new AlertStore(options);
    store.upsert(alert('crit', 'firing', 'critical'), NOW);
    store.upsert(alert('info', 'firing', 'info'), NOW);
    store.upsert(alert('gone', 'resolved', 'critical'), NOW);
    store.upsert(alert('new', 'firing', 'warning'), NOW);
    expect([...store.values()].map((e) => e.id).sort()).to.deep.equal(['crit', 'info', 'new']);
    store.upsert(alert('newer', 'firing', 'error'), NOW);
    expect([...store.values()].map((e) => e.id).sort()).to.deep.equal(['crit', 'new', 'newer']);
    expect(store.evicted).to.equal(2);
  });

  it('marks an alert flapping after 3 flips in the window, also across its expiry, and unmarks it later', () => {
    const store = new AlertStore({ ...options, resolvedTtlMs: 100 });
    store.upsert(alert('f', 'firing'), NOW);
    store.upsert(alert('f', 'resolved'), NOW + 1000); // flip 1
    store.expire(NOW + 2000); // left the list
    expect(store.get('f')).to.equal(undefined);
    const again = store.upsert(alert('f', 'firing'), NOW + 3000); // flip 2
    expect(again.startedFiring).to.equal(true);
    expect(again.entry.flapping).to.equal(false);
    const third = store.upsert(alert('f', 'resolved'), NOW + 4000); // flip 3
    expect(third.entry.flapping).to.equal(true);
    expect(third.becameFlapping).to.equal(true);
    expect(store.upsert(alert('f', 'firing'), NOW + 4500).becameFlapping).to.equal(false);
    store.expire(NOW + 13_500);
    expect(store.get('f')!.flapping).to.equal(false);
  });
});

describe('parseAlerts: field maps', () => {
  it('reads id, severity and title from mapped paths, per item of an Alertmanager body', () => {
    const { alerts, errors } = parseAlerts(
      { alerts: [{ key: 'k', status: 'firing', labels: { urgency: 'high', severity: 'info' }, annotations: { headline: 'H', summary: 'S' } }] },
      NOW,
      { id: 'key', severity: 'labels.urgency', title: 'annotations.headline' },
    );
    expect(errors).to.deep.equal([]);
    expect(alerts[0]).to.include({ id: 'k', severity: 'error', title: 'H', severityStated: true });
  });

  it('a mapped severity that is absent is not stated (a resolution keeps the fired severity)', () => {
    const [alert] = parseAlerts({ id: 'x', status: 'resolved', severity: 'critical' }, NOW, { severity: 'labels.urgency' }).alerts;
    expect(alert).to.include({ severity: 'info', severityStated: false });
  });
});

describe('AlertStore: resolutions', () => {
  it('keep the title the alert fired with; the resolving words go to `resolution`', () => {
    const store = new AlertStore({ maxAlerts: 10, resolvedTtlMs: 60_000, flapThreshold: 3, flapWindowMs: 600_000 });
    store.upsert(parseAlerts({ id: 'c', status: 'firing', title: 'CPU above 75%', description: 'at 80%' }, NOW).alerts[0]!, NOW);
    store.upsert(parseAlerts({ id: 'c', status: 'resolved', title: 'CPU back below 75%', description: 'at 40%' }, NOW).alerts[0]!, NOW + 1);
    expect(store.get('c')).to.include({ title: 'CPU above 75%', description: 'at 80%', resolution: 'CPU back below 75%', status: 'resolved' });
    // Resolved without ever being seen firing: its own words are all there is.
    store.upsert(parseAlerts({ id: 'd', status: 'resolved', title: 'Disk ok again' }, NOW).alerts[0]!, NOW);
    expect(store.get('d')).to.include({ title: 'Disk ok again', resolution: '' });
  });
});
