import { expect } from '@open-wc/testing';
import { pulseLocaleReady } from '../../src/i18n/locales.js';
import { formatValue, formatValueParts, numberFormat, scaleValue, speakValue, unitSpeech } from '../../src/render/format.js';

describe('formatValue: numbers with units', () => {
  it('formats percent (0-100), its "%" alias and percentunit (0-1) the same way', () => {
    expect(formatValue(82.4, { unit: 'percent', locale: 'en-US' })).to.equal('82.4%');
    expect(formatValue(82.4, { unit: '%', locale: 'en-US', decimals: 0 })).to.equal('82%');
    expect(formatValue(0.824, { unit: 'percentunit', locale: 'en-US', decimals: 1 })).to.equal('82.4%');
  });

  it('rounds a percentunit value like Intl\'s own percent style, not its binary times-100', () => {
    // 0.1205 * 100 is 12.049999… in binary; Intl's percent style (and an operator) reads 12.05.
    expect(formatValue(0.1205, { unit: 'percentunit', locale: 'en-US' })).to.equal('12.1%');
    expect(formatValue(0.2385, { unit: 'percentunit', locale: 'en-US' })).to.equal('23.9%');
  });

  it('follows the locale: decimal comma and its own percent spacing in German', () => {
    expect(formatValue(82.5, { unit: 'percent', locale: 'de-DE', decimals: 1 })).to.equal('82,5\u00a0%');
    expect(formatValueParts(82.5, { unit: 'percent', locale: 'de-DE', decimals: 1 })).to.deep.equal({ number: '82,5', suffix: '\u00a0%', spoken: 'Prozent' });
  });

  it('says units in the language of the locale: Intl for the units it knows, the locale table for the others', async () => {
    await Promise.all([pulseLocaleReady('de'), pulseLocaleReady('ja')]);
    expect(speakValue(2, { unit: 's', locale: 'de', decimals: 0 })).to.equal('2 Sekunden');
    expect(speakValue(1, { unit: 's', locale: 'de', decimals: 0 })).to.equal('1 Sekunde');
    expect(speakValue(1536, { unit: 'bytes', locale: 'de' })).to.equal('1,5 Kibibyte');
    expect(speakValue(1200, { unit: 'reqps', locale: 'ja' })).to.match(/リクエスト毎秒$/);
    expect(speakValue(82, { unit: 'percent', locale: 'en' })).to.equal('82 percent');
  });

  it('scales bytes in IEC steps (KiB, MiB), decbytes in SI steps', () => {
    expect(formatValue(512, { unit: 'bytes', locale: 'en-US' })).to.equal('512 B');
    expect(formatValue(1536, { unit: 'bytes', locale: 'en-US' })).to.equal('1.5 KiB');
    expect(formatValue(5 * 1024 * 1024, { unit: 'bytes', locale: 'en-US', decimals: 1 })).to.equal('5.0 MiB');
    expect(formatValue(3 * 1024 ** 3, { unit: 'bytes', locale: 'en-US' })).to.equal('3 GiB');
    expect(formatValue(1500, { unit: 'decbytes', locale: 'en-US' })).to.equal('1.5 kB');
  });

  it('scales rates: Bps and bps in SI steps, ops and reqps compact', () => {
    expect(formatValue(2_500_000, { unit: 'Bps', locale: 'en-US' })).to.equal('2.5 MB/s');
    expect(formatValue(1e9, { unit: 'bps', locale: 'en-US' })).to.equal('1 Gb/s');
    expect(formatValue(1234, { unit: 'reqps', locale: 'en-US' })).to.equal('1.2K req/s');
    expect(formatValue(42, { unit: 'ops', locale: 'en-US' })).to.equal('42 ops/s');
  });

  it('scales durations from ms and s to the largest fitting unit', () => {
    expect(formatValue(350, { unit: 'ms', locale: 'en-US' })).to.equal('350 ms');
    expect(formatValue(1500, { unit: 'ms', locale: 'en-US' })).to.equal('1.5 s');
    expect(formatValue(90, { unit: 's', locale: 'en-US' })).to.equal('1.5 min');
    expect(formatValue(7200, { unit: 's', locale: 'en-US' })).to.equal('2 h');
  });

  it('short is compact, none is plain, compact opt-in works for any unit', () => {
    expect(formatValue(1_234_567, { unit: 'short', locale: 'en-US' })).to.equal('1.2M');
    expect(formatValue(1234.5, { unit: 'none', locale: 'en-US', decimals: 1 })).to.equal('1,234.5');
    expect(formatValue(45_600, { locale: 'en-US', compact: true })).to.equal('46K');
  });

  it('uses Intl for units it knows and keeps any other unit as a suffix', () => {
    expect(formatValue(21.5, { unit: 'celsius', locale: 'en-US' })).to.equal('21.5°C');
    expect(formatValue(3000, { unit: 'rpm', locale: 'en-US' })).to.equal('3,000 rpm');
  });

  it('honours decimals and picks fewer digits for larger numbers automatically', () => {
    expect(formatValue(3.14159, { decimals: 2, locale: 'en-US' })).to.equal('3.14');
    expect(formatValue(3.14159, { locale: 'en-US' })).to.equal('3.14');
    expect(formatValue(314.159, { locale: 'en-US' })).to.equal('314');
    expect(formatValue(0.001234, { locale: 'en-US' })).to.equal('0.001');
  });

  it('never throws on odd input: NaN, infinities, an unknown locale', () => {
    expect(formatValue(NaN)).to.equal('–');
    expect(formatValue(Infinity)).to.equal('∞');
    expect(() => formatValue(1, { locale: 'not a locale!' })).not.to.throw();
  });

  it('caches Intl.NumberFormat instances per option set', () => {
    const a = numberFormat('en-US', { maximumFractionDigits: 2 });
    const b = numberFormat('en-US', { maximumFractionDigits: 2 });
    const c = numberFormat('en-US', { maximumFractionDigits: 1 });
    expect(a).to.equal(b);
    expect(a).not.to.equal(c);
  });

  it('speaks units in words for aria-valuetext', () => {
    expect(unitSpeech('%')).to.equal('percent');
    expect(unitSpeech('percentunit')).to.equal('percent');
    expect(unitSpeech('Bps')).to.equal('bytes per second');
    expect(unitSpeech('kilometer-per-hour')).to.equal('kilometer per hour');
    expect(speakValue(82, { unit: '%', decimals: 0, locale: 'en-US' })).to.equal('82 percent');
    expect(speakValue(1536, { unit: 'bytes', locale: 'en-US' })).to.equal('1.5 kibibytes');
  });

  it('scaleValue picks the largest step that fits', () => {
    const steps = [
      { factor: 1, symbol: 'x', word: 'x' },
      { factor: 10, symbol: 'dx', word: 'dx' },
    ];
    expect(scaleValue(5, steps).step.symbol).to.equal('x');
    expect(scaleValue(50, steps)).to.deep.equal({ value: 5, step: steps[1] });
  });
});
