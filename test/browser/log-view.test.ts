import { expect } from '@open-wc/testing';
import type { LogLevel, LogRecord } from '../../src/data/log-payload.js';
import { lineText, LogView, MAX_FILTER_CHARS } from '../../src/elements/log-firehose/log-view.js';

const rec = (message: string, level: LogLevel = 'info', source = 'api'): LogRecord => ({
  ts: Date.UTC(2026, 0, 2, 3, 4, 5, 6),
  tsFromPayload: true,
  tsUnusable: false,
  level,
  levelText: '',
  source,
  message,
  cutChars: 0,
  fields: undefined,
});

const messages = (view: LogView) => {
  view.sync();
  return Array.from({ length: view.length }, (_, i) => view.at(i)!.rec.message);
};

describe('LogView: the lines of a log and the filtered view of them (no DOM)', () => {
  it('keeps max-lines lines, the newest, and says when the oldest fell out', () => {
    const view = new LogView();
    view.resize(3);
    expect([1, 2, 3].map((i) => view.push(false, rec(`l${i}`)))).to.deep.equal([false, false, false]);
    expect(view.push(false, rec('l4'))).to.equal(true);
    expect(messages(view)).to.deep.equal(['l2', 'l3', 'l4']);
    expect(view.lineCount).to.equal(3);
    expect(view.lineBySeq(0)).to.equal(undefined); // fell out
    expect(view.lineBySeq(3)!.rec.message).to.equal('l4');
    view.resize(2);
    expect(messages(view)).to.deep.equal(['l3', 'l4']);
    view.resize('nonsense');
    expect(view.capacity).to.equal(20_000);
  });

  it('filters by level and text, case-insensitively, gap markers always shown', () => {
    const view = new LogView();
    view.push(false, rec('Disk FULL', 'error'));
    view.push(false, rec('disk ok', 'info'));
    view.push(true, rec('lines lost', 'unknown', ''));
    view.push(false, rec('cpu hot', 'error', 'disk-agent'));
    view.setFilter({ levels: 'error', text: 'disk', regex: false });
    expect(view.filtering).to.equal(true);
    expect(messages(view)).to.deep.equal(['Disk FULL', 'lines lost', 'cpu hot']); // source matches too
    expect([...view.shownLevels!]).to.deep.equal(['error']);
    view.setFilter({ levels: '', text: '', regex: false });
    expect(view.filtering).to.equal(false);
    expect(messages(view)).to.have.length(4);
    view.setFilter({ levels: 'none', text: '', regex: false });
    expect(view.filtering).to.equal(false); // naming no known level means all levels, as <alert-list>
    expect(messages(view)).to.have.length(4);
  });

  it('tests each line once: lines pushed after a sync are matched on the next sync, evicted ones leave the view', () => {
    const view = new LogView();
    view.resize(4);
    view.setFilter({ levels: '', text: 'x', regex: false });
    view.push(false, rec('x1'));
    view.push(false, rec('y1'));
    expect(messages(view)).to.deep.equal(['x1']);
    for (const m of ['x2', 'y2', 'x3', 'x4']) view.push(false, rec(m));
    expect(messages(view)).to.deep.equal(['x2', 'x3', 'x4']); // x1 fell out of the buffer
    expect(view.indexOfSeq(4)).to.equal(1); // seq 4 is x3
    expect(view.indexOfSeq(3)).to.equal(1); // y2 is filtered out: the next line in view
    expect(view.indexOfSeq(99)).to.equal(3);
    view.clear();
    expect(messages(view)).to.deep.equal([]);
    view.push(false, rec('x5'));
    expect(messages(view)).to.deep.equal(['x5']);
    expect(view.seqAhead).to.equal(7);
  });

  it('a regular expression filters and highlights; an invalid one is reported and filters nothing', () => {
    const view = new LogView();
    view.push(false, rec('GET /a 200'));
    view.push(false, rec('GET /b 500'));
    view.setFilter({ levels: '', text: '5\\d\\d$', regex: true });
    expect(messages(view)).to.deep.equal(['GET /b 500']);
    expect('x 503'.replace(view.highlight!, '[$&]')).to.equal('x [503]');
    view.setFilter({ levels: '', text: '(', regex: true });
    expect(view.regexError).to.not.equal('');
    expect(view.regexError).to.not.match(/^invalid regular expression/i);
    expect(messages(view)).to.have.length(2);
  });

  it('looks at only the first MAX_FILTER_CHARS characters of a line', () => {
    const view = new LogView();
    view.push(false, rec(`${'a'.repeat(MAX_FILTER_CHARS)}needle`));
    view.setFilter({ levels: '', text: 'needle', regex: false });
    expect(messages(view)).to.deep.equal([]);
  });

  it('copies a line as ISO time, level, source and the message without escape codes', () => {
    const view = new LogView();
    view.push(false, rec('\u001b[31mboom\u001b[0m', 'error'));
    expect(lineText(view.at(0)!)).to.equal('2026-01-02T03:04:05.006Z ERROR api: boom');
  });
});
