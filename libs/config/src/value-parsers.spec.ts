import {
  parseBoolean,
  parseEnum,
  parseHostPort,
  parseHostPortList,
  parseInt32,
  parseInt64,
} from './value-parsers';

describe('value parsers', () => {
  it('parses Java ints with sign and range', () => {
    expect(parseInt32('10911')).toEqual({ ok: true, value: 10911 });
    expect(parseInt32('-5')).toEqual({ ok: true, value: -5 });
    expect(parseInt32('+7')).toEqual({ ok: true, value: 7 });
    expect(parseInt32('abc')).toEqual({ ok: false, message: "'abc' is not an integer" });
    expect(parseInt32('1e3')).toEqual({ ok: false, message: "'1e3' is not an integer" });
    expect(parseInt32('0x10')).toEqual({ ok: false, message: "'0x10' is not an integer" });
    expect(parseInt32('')).toEqual({ ok: false, message: "'' is not an integer" });
    expect(parseInt32('2147483648')).toEqual({
      ok: false,
      message: "'2147483648' is out of range for an int (-2147483648..2147483647)",
    });
  });

  it('parses longs within the safe integer range', () => {
    expect(parseInt64('17179869184')).toEqual({ ok: true, value: 17179869184 });
    expect(parseInt64('9007199254740993').ok).toBe(false);
  });

  it('accepts only true/false (any case) as booleans; a typo is an error, not false', () => {
    expect(parseBoolean('true')).toEqual({ ok: true, value: true });
    expect(parseBoolean('TRUE')).toEqual({ ok: true, value: true });
    expect(parseBoolean('False')).toEqual({ ok: true, value: false });
    for (const typo of ['ture', 'yes', '1', 'on', '']) {
      expect(parseBoolean(typo)).toEqual({
        ok: false,
        message: `'${typo}' is not a boolean (true or false)`,
      });
    }
  });

  it('matches enum members exactly, as Enum.valueOf does', () => {
    const roles = ['ASYNC_MASTER', 'SYNC_MASTER', 'SLAVE'] as const;
    expect(parseEnum('SLAVE', roles)).toEqual({ ok: true, value: 'SLAVE' });
    expect(parseEnum('slave', roles)).toEqual({
      ok: false,
      message: "'slave' is not one of ASYNC_MASTER, SYNC_MASTER, SLAVE",
    });
  });

  it('parses host:port at the last colon', () => {
    expect(parseHostPort('rocketmq-m1:9876')).toEqual({ ok: true, value: 'rocketmq-m1:9876' });
    expect(parseHostPort('[::1]:9876')).toEqual({ ok: true, value: '[::1]:9876' });
    expect(parseHostPort('ns1')).toEqual({ ok: false, message: "'ns1' is not host:port" });
    expect(parseHostPort(':9876')).toEqual({ ok: false, message: "':9876' is not host:port" });
    expect(parseHostPort('ns1:0')).toEqual({ ok: false, message: "'ns1:0' has a port outside 1..65535" });
    expect(parseHostPort('ns1:70000')).toEqual({
      ok: false,
      message: "'ns1:70000' has a port outside 1..65535",
    });
  });

  it('parses ;-separated host:port lists', () => {
    expect(parseHostPortList('a:1;b:2')).toEqual({ ok: true, value: ['a:1', 'b:2'] });
    expect(parseHostPortList(' a:1 ; b:2 ;')).toEqual({ ok: true, value: ['a:1', 'b:2'] });
    expect(parseHostPortList('')).toEqual({ ok: true, value: [] });
    expect(parseHostPortList('a:1,b:2')).toEqual({
      ok: false,
      message: "'a:1,b:2' is not host:port (expected 'host:port;host:port')",
    });
  });
});
