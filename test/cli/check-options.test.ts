import { describe, expect, it } from 'vitest';
import { configSettings, parseReporters } from '../../src/cli/check.js';
import { UsageError } from '../../src/core/errors.js';

describe('parseReporters', () => {
  it('defaults to text on stdout; pairs the i-th --output with the i-th --reporter; accepts name=file', () => {
    expect(parseReporters()).toEqual([{ name: 'text', output: '-' }]);
    expect(parseReporters(['junit', 'github'], ['j.xml'])).toEqual([
      { name: 'junit', output: 'j.xml' },
      { name: 'github', output: '-' },
    ]);
    expect(parseReporters(['json=m.json', 'text'])).toEqual([
      { name: 'json', output: 'm.json' },
      { name: 'text', output: '-' },
    ]);
    expect(parseReporters([], ['report.txt'])).toEqual([{ name: 'text', output: 'report.txt' }]);
  });
  it.each([
    [['xml'], [], /must be one of/],
    [['json=a.json'], ['b.json'], /already names its file/],
    [['json'], ['a', 'b'], /2 --output for 1 reporter/],
    [['json', 'github'], [], /only reporter on stdout/],
    [['json=a.json', 'junit=a.json'], [], /two reporters write to/],
    [['junit='], [], /file name is missing/],
  ])('%j %j is a usage error', (specs, outputs, msg) => {
    expect(() => parseReporters(specs, outputs)).toThrow(msg);
  });
});

describe('configSettings', () => {
  it('reads the check object; baseline is relative to the config file', () => {
    const s = configSettings({ check: { 'min-accuracy': 0.8, 'min-recall': { support: 0.9 }, 'max-needs-review': 0.2, tolerance: 0.02, baseline: 'm.json' } }, '/ci/triage.config.json');
    expect(s).toEqual({ thresholds: { minAccuracy: 0.8, minRecall: { support: 0.9 }, maxNeedsReview: 0.2 }, tolerance: 0.02, baseline: '/ci/m.json' });
    expect(configSettings({}, 'c.json')).toEqual({});
  });
  it.each([
    [{ check: { 'min-acuracy': 0.8 } }, /unknown key "check\.min-acuracy"/],
    [{ checks: {} }, /unknown key "checks"/],
    [{ check: { 'min-accuracy': 80 } }, /from 0 to 1/],
    [{ check: { 'min-recall': { billing: 0.5 } } }, /"billing" is not a label/],
    [{ check: { 'min-recall': 0.5 } }, /must be an object/],
    [[1], /must be a JSON object/],
  ])('%j is a usage error', (doc, msg) => {
    expect(() => configSettings(doc, 'triage.config.json')).toThrow(UsageError);
    expect(() => configSettings(doc, 'triage.config.json')).toThrow(msg);
  });
});
