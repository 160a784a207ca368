// `--alertmanager URL`: Alertmanager's API is the truth about what fires. The current alerts
// (`GET /api/v2/alerts`) and silences (`GET /api/v2/silences`) are read on start, every 10 s and
// right after each webhook; every alert that changed is published on `alerts` (with its
// `silence`, see alert-board.js), and one that left the API is published as resolved. So a page
// opened at any moment shows exactly what fires, whatever the webhook's repeat_interval.
//
// In a cluster the periodic pull runs on the lease holder only, and every node's view of what was
// published (`known`) follows the shared stream (`observe`), so a refresh on any node publishes
// only what changed, and the next pull on the lease holder does not publish it again.
//
// Silence and Ack become Alertmanager silences (`POST /api/v2/silences`, one equality matcher per
// label of the alert); an ack is a short silence whose comment starts with `[ack]`. Un-silencing
// expires the alert's silences (`DELETE /api/v2/silence/{id}`). Silences made elsewhere (amtool,
// the UI) show as well, since they come back through the same API.
import { ALERTS_TOPIC } from '../alert-board.js';
import { alertFromApi } from '../alertmanager.js';
import { requestUpstream, upstreamJson, UpstreamError } from './upstream.js';

/** An ack is a silence whose comment starts with this. */
export const ACK_MARK = '[ack]';
/** Alerts followed at most (Alertmanager's own limits are far above any wall's). */
const MAX_ALERTS = 5000;

/**
 * @typedef {object} AlertmanagerOptions
 * @property {string} url base URL (`http://127.0.0.1:9093`; a path prefix is kept)
 * @property {(topic: string, data: unknown) => unknown} publish
 * @property {import('../source-status.js').SourceReporter} sources
 * @property {number} [intervalMs] default 10 s
 * @property {() => boolean} [runs] whether this node polls now (a cluster: the lease holder only;
 *   a refresh asked for by a webhook or an action runs on the node that got it)
 * @property {number} [timeoutMs] default 5 s
 */

/**
 * @param {AlertmanagerOptions} options
 */
export function createAlertmanager(options) {
  const { publish, sources } = options;
  const runs = options.runs ?? (() => true);
  const intervalMs = options.intervalMs ?? 10_000;
  const timeoutMs = options.timeoutMs ?? 5000;
  const base = options.url.endsWith('/') ? options.url : `${options.url}/`;
  /** @type {Map<string, { json: string, payload: Record<string, unknown>, silencedBy: string[] }>} what was last published, per fingerprint */
  const known = new Map();
  /** @type {NodeJS.Timeout | null} */
  let timer = null;
  let running = false;
  /** @type {Promise<void> | null} */
  let inFlight = null;
  let again = false;
  const stats = { refreshes: 0, failures: 0, published: 0 };

  /**
   * @param {string} path
   * @param {{ method?: string, body?: unknown }} [init]
   */
  async function api(path, init = {}) {
    const { text } = await requestUpstream(new URL(path, base), {
      name: 'Alertmanager',
      method: init.method ?? 'GET',
      headers: { Accept: 'application/json', ...(init.body !== undefined ? { 'Content-Type': 'application/json' } : {}) },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
      timeoutMs,
    });
    return text === '' ? null : upstreamJson(text, 'Alertmanager');
  }

  async function pull() {
    const [alerts, silences] = await Promise.all([api('api/v2/alerts'), api('api/v2/silences')]);
    if (!Array.isArray(alerts) || !Array.isArray(silences)) throw new UpstreamError('Alertmanager answered something that is not a list', 200);
    /** @type {Map<string, any>} */
    const byId = new Map();
    for (const s of silences) if (s && typeof s.id === 'string' && s.status?.state === 'active') byId.set(s.id, s);
    const now = Date.now();
    /** @type {Record<string, unknown>[]} */
    const changed = [];
    /** @type {Set<string>} */
    const seen = new Set();
    for (const raw of alerts.slice(0, MAX_ALERTS)) {
      const payload = alertFromApi(raw, now);
      if (!payload) continue;
      const silencedBy = Array.isArray(raw?.status?.silencedBy) ? raw.status.silencedBy.filter((/** @type {unknown} */ id) => typeof id === 'string') : [];
      /** @type {Record<string, unknown>} */
      const full = { ...payload, silence: silenceInfo(silencedBy.map((/** @type {string} */ id) => byId.get(id)).filter(Boolean)) };
      seen.add(payload.id);
      const json = JSON.stringify(full);
      if (known.get(payload.id)?.json === json) continue;
      known.set(payload.id, { json, payload: full, silencedBy });
      changed.push(full);
    }
    for (const [id, entry] of known) {
      if (seen.has(id)) continue;
      known.delete(id);
      // Gone from the API: it resolved (or expired) there.
      if (entry.payload.status !== 'resolved') changed.push({ ...entry.payload, status: 'resolved', endsAt: new Date(now).toISOString(), silence: null });
    }
    if (changed.length && running) {
      stats.published += changed.length;
      publish(ALERTS_TOPIC, changed.length === 1 ? changed[0] : changed);
    }
  }

  /** Pulls now, or right after the pull under way (never two at once). */
  function refresh() {
    if (inFlight) {
      again = true;
      return inFlight;
    }
    inFlight = (async () => {
      do {
        again = false;
        try {
          await pull();
          stats.refreshes++;
          sources.report([ALERTS_TOPIC], 'alertmanager', null);
        } catch (err) {
          stats.failures++;
          sources.report([ALERTS_TOPIC], 'alertmanager', /** @type {Error} */ (err).message);
        }
      } while (again && running);
    })().finally(() => {
      inFlight = null;
    });
    return inFlight;
  }

  return {
    stats,
    start() {
      if (running) return;
      running = true;
      if (runs()) void refresh();
      timer = setInterval(() => {
        if (runs()) void refresh();
      }, intervalMs);
      timer.unref();
    },
    async stop() {
      running = false;
      if (timer) clearInterval(timer);
      timer = null;
      await inFlight;
    },
    refresh,
    /**
     * An `alerts` payload read from the shared stream (cluster mode): what the connector of any
     * node published (payloads with `silence`) becomes what this one knows was published.
     * @param {unknown} data
     */
    observe(data) {
      for (const item of Array.isArray(data) ? data : [data]) {
        if (item === null || typeof item !== 'object' || !Object.hasOwn(item, 'silence')) continue;
        const a = /** @type {Record<string, any>} */ (item);
        if (typeof a.id !== 'string') continue;
        if (a.status === 'resolved') {
          known.delete(a.id);
          continue;
        }
        if (!known.has(a.id) && known.size >= MAX_ALERTS) continue;
        known.set(a.id, { json: JSON.stringify(a), payload: a, silencedBy: Array.isArray(a.silence?.ids) ? a.silence.ids : [] });
      }
    },
    /**
     * Creates a silence (or an ack) for one alert. Throws UpstreamError when Alertmanager is down
     * or refuses; the caller shows that on the button that asked.
     * @param {{ alertId: string, labels: Record<string, string>, state: 'silenced' | 'acknowledged', by: string, durationMs: number, comment: string }} request
     */
    async create(request) {
      const matchers = Object.entries(request.labels).map(([name, value]) => ({ name, value, isRegex: false, isEqual: true }));
      if (matchers.length === 0) throw new UpstreamError('the alert has no labels to silence it by', 400);
      const now = Date.now();
      const comment = request.state === 'acknowledged' ? `${ACK_MARK} ${request.comment || 'acknowledged'}` : request.comment || 'silenced from Pulseboard';
      const body = await api('api/v2/silences', {
        method: 'POST',
        body: { matchers, startsAt: new Date(now).toISOString(), endsAt: new Date(now + request.durationMs).toISOString(), createdBy: request.by, comment },
      });
      await refresh();
      return { id: typeof body?.silenceID === 'string' ? body.silenceID : null, silence: known.get(request.alertId)?.payload.silence ?? null };
    },
    /**
     * Expires every silence that holds this alert.
     * @param {{ alertId: string }} request
     */
    async remove(request) {
      await refresh();
      const ids = known.get(request.alertId)?.silencedBy ?? [];
      for (const id of ids) await api(`api/v2/silence/${encodeURIComponent(id)}`, { method: 'DELETE' });
      await refresh();
      return { ids, silence: known.get(request.alertId)?.payload.silence ?? null };
    },
  };
}

/**
 * What the alert list shows of an alert's silences: a real silence outranks an ack; the one that
 * lasts longest names who and until when.
 * @param {any[]} silences active Alertmanager silences holding the alert
 * @returns {import('../alert-board.js').SilenceInfo | null}
 */
export function silenceInfo(silences) {
  if (silences.length === 0) return null;
  const isAck = (/** @type {any} */ s) => typeof s.comment === 'string' && s.comment.startsWith(ACK_MARK);
  const real = silences.filter((s) => !isAck(s));
  const pool = real.length ? real : silences;
  const last = pool.reduce((a, b) => (Date.parse(b.endsAt) > Date.parse(a.endsAt) ? b : a));
  return {
    state: isAck(last) ? 'acknowledged' : 'silenced',
    by: String(last.createdBy ?? ''),
    until: String(last.endsAt ?? ''),
    comment: isAck(last) ? String(last.comment).slice(ACK_MARK.length).trim() : String(last.comment ?? ''),
    ids: silences.map((s) => String(s.id)).sort(),
  };
}
