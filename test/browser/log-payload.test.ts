import { expect } from '@open-wc/testing';
import { levelFromSeverityNumber, MAX_MESSAGE_CHARS, normalizeLevel, parseLog, sniffLevel, type LogRecord } from '../../src/data/log-payload.js';
import { cleanLogText, truncateForDisplay } from '../../src/data/log-text.js';
import { ansiSegments } from '../../src/elements/log-firehose/ansi.js';

const NOW = 1_763_800_000_000;

function ok(payload: unknown, field?: string): LogRecord {
  const result = parseLog(payload, field, NOW);
  if (!result.ok) throw new Error(`rejected: ${result.reason}`);
  return result.record;
}

describe('parseLog: log payload normalisation', () => {
  it('a bare string is a line at arrival time, its level sniffed from the first word', () => {
    const rec = ok('ERROR: disk full');
    expect(rec).to.include({ ts: NOW, level: 'error', source: '', message: 'ERROR: disk full', tsFromPayload: false });
    expect(ok('[warn] slow').level).to.equal('warn');
    expect(ok('hello world').level).to.equal('unknown');
    expect(ok('information is power').level).to.equal('unknown');
  });

  it('reads {ts, level, source, message} and keeps other fields in a null-prototype object', () => {
    const rec = ok({ ts: NOW - 5000, level: 'WARNING', source: 'api', message: 'slow', requestId: 'r1', nested: { a: 1 } });
    expect(rec).to.include({ ts: NOW - 5000, level: 'warn', source: 'api', message: 'slow', tsFromPayload: true, tsUnusable: false });
    expect(Object.getPrototypeOf(rec.fields)).to.equal(null);
    expect(JSON.stringify(rec.fields)).to.equal('{"requestId":"r1","nested":{"a":1}}');
  });

  it('accepts msg, OpenTelemetry severityText/severityNumber/body/timeUnixNano, pino numeric levels', () => {
    expect(ok({ msg: 'm', level: 50 })).to.include({ message: 'm', level: 'error' });
    const otel = ok({ timeUnixNano: `${NOW - 1000}000000`, severityText: 'Error', body: 'boom', attributes: { k: 'v' } });
    expect(otel).to.include({ ts: NOW - 1000, level: 'error', message: 'boom' });
    expect(ok({ severityNumber: 13, body: 'x' }).level).to.equal('warn');
    expect(ok({ severityNumber: 21, body: 'x' }).level).to.equal('fatal');
    expect(levelFromSeverityNumber(1)).to.equal('trace');
    expect(levelFromSeverityNumber(0)).to.equal('unknown');
    expect(normalizeLevel('CRITICAL')).to.equal('fatal');
    expect(normalizeLevel(10)).to.equal('trace');
  });

  it('an unknown level word is kept as text with level "unknown"', () => {
    expect(ok({ level: 'AUDIT', message: 'x' })).to.include({ level: 'unknown', levelText: 'AUDIT' });
  });

  it('source and level words are cleaned too: one line, no escapes, no bidi controls, bounded', () => {
    const rec = ok({ source: 'a\u202eb\x1b[31mc\nd', level: 'X\u2066Y', message: 'm' });
    expect(rec.source).to.equal('a\ufffdbc d');
    expect(rec.levelText).to.equal('X\ufffdY');
    expect(ok({ source: 's'.repeat(500), message: 'm' }).source.length).to.equal(128);
  });

  it('an unusable ts keeps the line at arrival time and flags it (logs are never dropped for a timestamp)', () => {
    const rec = ok({ ts: 'yesterday-ish', message: 'still here' });
    expect(rec).to.include({ ts: NOW, tsUnusable: true, tsFromPayload: false, message: 'still here' });
    expect(ok({ ts: NOW + 10 * 86_400_000, message: 'future' }).tsUnusable).to.equal(true);
    expect(ok({ ts: '2025-11-22T08:00:00Z', message: 'iso' }).ts).to.equal(Date.parse('2025-11-22T08:00:00Z'));
  });

  it('rejects payloads that are neither a string nor an object, with a reason', () => {
    for (const bad of [42, null, true, [1, 2]]) {
      const result = parseLog(bad, undefined, NOW);
      expect(result.ok, JSON.stringify(bad)).to.equal(false);
    }
    expect(parseLog({ log: 5 }, 'log', NOW).ok).to.equal(false);
    expect(ok({ log: { message: 'deep' } }, 'log').message).to.equal('deep');
  });

  it('a __proto__ key stays an own field and never touches prototypes', () => {
    const payload = JSON.parse('{"message":"m","__proto__":{"polluted":true}}') as unknown;
    const rec = ok(payload);
    expect(({} as Record<string, unknown>)['polluted']).to.equal(undefined);
    expect(Object.keys(rec.fields!)).to.deep.equal(['__proto__']);
    expect(JSON.stringify(rec.fields)).to.equal('{"__proto__":{"polluted":true}}');
  });

  it('an object without a message shows its fields; non-string messages become text', () => {
    expect(ok({ event: 'login', user: 'bob' }).message).to.equal('{"event":"login","user":"bob"}');
    expect(ok({ message: 42 }).message).to.equal('42');
    expect(ok({ body: { k: 'v' } }).message).to.equal('{"k":"v"}');
  });

  it('cuts a huge message on arrival so memory stays bounded, and says how much', () => {
    const rec = ok('x'.repeat(MAX_MESSAGE_CHARS + 10));
    expect(rec.message.length).to.equal(MAX_MESSAGE_CHARS);
    expect(rec.cutChars).to.equal(10);
  });

  it('sniffLevel stays cheap and strict', () => {
    expect(sniffLevel('INFO started')).to.equal('info');
    expect(sniffLevel('debugger attached')).to.equal(undefined);
    expect(sniffLevel('')).to.equal(undefined);
  });
});

describe('cleanLogText: escapes, controls and bidi', () => {
  it('leaves ordinary text untouched (fast path)', () => {
    expect(cleanLogText('plain text\twith tab\nand newline')).to.deep.equal({ plain: 'plain text\twith tab\nand newline', sgr: undefined });
  });

  it('keeps SGR colour sequences apart and removes them from the plain text', () => {
    const { plain, sgr } = cleanLogText('\x1b[31mred\x1b[0m and \x1b[1;32mbold green\x1b[m');
    expect(plain).to.equal('red and bold green');
    expect(sgr).to.equal('\x1b[31mred\x1b[0m and \x1b[1;32mbold green\x1b[m');
  });

  it('strips OSC hyperlinks (javascript: URLs included), titles, cursor moves and other sequences', () => {
    const text = 'a\x1b]8;;javascript:alert(1)\x07click\x1b]8;;\x07b\x1b]0;title\x1b\\c\x1b[2Jd\x1b[?25le\x1b(Bf\x9b31mg\x9d8;;x\x9ch';
    const { plain, sgr } = cleanLogText(text);
    expect(plain).to.equal('aclickbcdefgh');
    expect(plain).not.to.include('javascript');
    expect(sgr).to.equal('aclickbcdef\x1b[31mgh');
  });

  it('an unterminated OSC swallows only the rest of its own line', () => {
    expect(cleanLogText('ok\x1b]8;;javascript:x').plain).to.equal('ok');
  });

  it('makes control characters visible and neutralises bidi overrides and isolates', () => {
    const { plain } = cleanLogText('a\x00b\x07c\x7fd\u202eevil\u202cf\u2066g\u2069h\u200fi\r\nj\u2028k');
    expect(plain).to.equal('a\u2400b\u2407c\u2421d\ufffdevil\ufffdf\ufffdg\ufffdh\ufffdi\nj\nk');
    expect(/[\u202a-\u202e\u2066-\u2069\x00-\x08\x7f]/.test(plain)).to.equal(false);
  });

  it('truncates for display without splitting a surrogate pair', () => {
    expect(truncateForDisplay('abcdef', 4)).to.deep.equal({ shown: 'abcd', omitted: 2 });
    expect(truncateForDisplay('ab😀cd', 3)).to.deep.equal({ shown: 'ab', omitted: 4 });
    expect(truncateForDisplay('abc', 4)).to.deep.equal({ shown: 'abc', omitted: 0 });
  });
});

describe('ansiSegments (anser)', () => {
  it('turns SGR into fixed classes and numeric rgb(), with texts that join to the plain text', () => {
    const { plain, sgr } = cleanLogText('\x1b[31mred\x1b[0m \x1b[1;94mbright\x1b[0m \x1b[38;5;196mpal\x1b[0m \x1b[38;2;10;20;30mtrue\x1b[7mrev');
    const segments = ansiSegments(sgr!);
    expect(segments.map((s) => s.text).join('')).to.equal(plain);
    const by = (text: string) => segments.find((s) => s.text === text)!;
    expect(by('red').classes).to.equal('f-red');
    expect(by('bright').classes).to.equal('f-bright-blue bold');
    expect(by('pal').fg).to.equal('rgb(255 0 0)');
    expect(by('true').fg).to.equal('rgb(10 20 30)');
    // anser applies reverse video itself: the true colour moves to the background
    expect(by('rev').bg).to.equal('rgb(10 20 30)');
  });

  it('ignores hidden and blink (text stays visible, nothing moves)', () => {
    const segments = ansiSegments(cleanLogText('\x1b[8;5msecret').sgr!);
    expect(segments).to.have.length(1);
    expect(segments[0]!.classes).to.equal('');
  });
});

describe('parseLog: field maps for other backends', () => {
  const NOW_MS = Date.parse('2025-11-22T10:00:00Z');
  it('reads mapped dot paths, and only them, for the parts it maps', () => {
    const result = parseLog(
      { timestamp: NOW_MS / 1000 - 60.5, agent_id: 'planner', source: 'not this', level: 'warning', message: 'hi', metadata: { step: 2 } },
      undefined,
      NOW_MS,
      { source: 'agent_id' },
    );
    if (!result.ok) throw new Error(result.reason);
    expect(result.record.source).to.equal('planner');
    expect(result.record.ts).to.equal(NOW_MS - 60_500);
    expect(result.record.level).to.equal('warn');
    expect({ ...result.record.fields }).to.deep.equal({ metadata: { step: 2 } }, 'agent_id shown as the source, not repeated');
  });

  it('a mapped path that is absent leaves the part empty rather than reading the defaults', () => {
    const result = parseLog({ level: 'error', message: 'm', source: 'default' }, undefined, NOW_MS, { source: 'who.name', level: 'sev' });
    if (!result.ok) throw new Error(result.reason);
    expect(result.record.source).to.equal('');
    expect(result.record.level).to.equal('unknown');
  });

  it('paths follow own properties only, and an unusable mapped time is flagged, never a reason to drop the line', () => {
    const result = parseLog({ message: 'm', at: 'not a time' }, undefined, NOW_MS, { source: 'constructor.name', time: 'at' });
    if (!result.ok) throw new Error(result.reason);
    expect(result.record.source).to.equal('');
    expect(result.record.tsUnusable).to.equal(true);
    expect(result.record.ts).to.equal(NOW_MS);
  });
});
