/** The property scan answers as decodeMessageProperties(text).get(name) does, for odd strings too. */
import { decodeMessageProperties } from '@rmq/protocol';
import { propertyOf, RoutingProperties, scanRoutingProperties } from './property-scan';

const CASES = [
  '',
  'TAGS\u0001a',
  'TAGS\u0001a\u0002',
  'KEYS\u0001k1 k2\u0002TAGS\u0001tag\u0002UNIQ_KEY\u0001ABC\u0002DELAY\u00013',
  'TAGS\u0001first\u0002TAGS\u0001second',
  'TAGS\u0001first\u0002TAGS\u0001',
  'TAGS\u0001\u0002KEYS\u0001x',
  'TAGS\u0001a\u0001b',
  'TAGSX\u0001no\u0002XTAGS\u0001no\u0002TAG\u0001no',
  '\u0002\u0002TAGS\u0001after-empties',
  'noseparator\u0002TAGS\u0001t',
  'noseparator\u0002alsonone',
  '\u0001value-without-name\u0002KEYS\u0001k',
  'UNIQ_KEY\u00017F000001\u0002DELAY\u0001',
];

describe('property scan', () => {
  it.each(CASES.map((text) => [JSON.stringify(text), text]))('matches the decoder for %s', (_name, text) => {
    const decoded = decodeMessageProperties(text);
    const scanned: RoutingProperties = {
      tags: 'stale',
      keys: 'stale',
      uniqKey: 'stale',
      delayLevel: 'stale',
    };
    scanRoutingProperties(text, scanned);
    expect(scanned).toEqual({
      tags: decoded.get('TAGS'),
      keys: decoded.get('KEYS'),
      uniqKey: decoded.get('UNIQ_KEY'),
      delayLevel: decoded.get('DELAY'),
    });
    for (const name of ['TAGS', 'KEYS', 'UNIQ_KEY', 'DELAY', 'TAGSX']) {
      expect(propertyOf(text, name)).toBe(decoded.get(name));
    }
  });
});
