/**
 * Text → typed value for each key type, with the messages users see. Integers follow Java's
 * Integer/Long.parseInt (optional sign, decimal digits only); a long must fit a JS safe integer.
 */
export type ParseResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly message: string };

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;
const PORT_MIN = 1;
const PORT_MAX = 65535;
/** A host name or IPv4 address, a bracketed IPv6 address, or a bare IPv6 address. */
const HOST_PATTERN = /^(?:[A-Za-z0-9._-]+|\[[0-9A-Fa-f:.]+\]|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*)$/;

export function ok<T>(value: T): ParseResult<T> {
  return { ok: true, value };
}

export function fail<T>(message: string): ParseResult<T> {
  return { ok: false, message };
}

export function parseInt32(raw: string): ParseResult<number> {
  if (!/^[+-]?\d+$/.test(raw)) return fail(`'${raw}' is not an integer`);
  const value = Number(raw);
  if (value < INT32_MIN || value > INT32_MAX) {
    return fail(`'${raw}' is out of range for an int (${INT32_MIN}..${INT32_MAX})`);
  }
  return ok(value);
}

export function parseInt64(raw: string): ParseResult<number> {
  if (!/^[+-]?\d+$/.test(raw)) return fail(`'${raw}' is not an integer`);
  const value = Number(raw);
  if (!Number.isSafeInteger(value)) {
    return fail(`'${raw}' is out of range (beyond ±${Number.MAX_SAFE_INTEGER})`);
  }
  return ok(value);
}

/**
 * RocketMQ reads booleans with Java's Boolean.parseBoolean, where only "true" (any case) is true
 * and everything else, typos included, silently becomes false. Here "true"/"false" (any case) are
 * accepted and any other text is an error, so `autoCreateTopicEnable=ture` stops start-up instead.
 */
export function parseBoolean(raw: string): ParseResult<boolean> {
  const lower = raw.toLowerCase();
  if (lower === 'true') return ok(true);
  if (lower === 'false') return ok(false);
  return fail(`'${raw}' is not a boolean (true or false)`);
}

/** Java's Enum.valueOf: an exact, case-sensitive member name. */
export function parseEnum<M extends string>(raw: string, members: readonly M[]): ParseResult<M> {
  const found = members.find((m) => m === raw);
  return found === undefined ? fail(`'${raw}' is not one of ${members.join(', ')}`) : ok(found);
}

/** `host:port`, split at the last colon as RocketMQ's string2SocketAddress does; port 1..65535. */
export function parseHostPort(raw: string): ParseResult<string> {
  const colon = raw.lastIndexOf(':');
  const host = colon < 0 ? '' : raw.slice(0, colon);
  const port = colon < 0 ? '' : raw.slice(colon + 1);
  if (!HOST_PATTERN.test(host) || !/^\d+$/.test(port)) return fail(`'${raw}' is not host:port`);
  const portNumber = Number(port);
  if (portNumber < PORT_MIN || portNumber > PORT_MAX) {
    return fail(`'${raw}' has a port outside ${PORT_MIN}..${PORT_MAX}`);
  }
  return ok(`${host}:${portNumber}`);
}

/**
 * `ns1:9876;ns2:9876`. Whitespace around items and empty items (a trailing `;`) are dropped;
 * each item must be host:port. The empty string is the empty list.
 */
export function parseHostPortList(raw: string): ParseResult<readonly string[]> {
  const items = raw
    .split(';')
    .map((item) => item.trim())
    .filter((item) => item !== '');
  const out: string[] = [];
  for (const item of items) {
    const parsed = parseHostPort(item);
    if (!parsed.ok) return fail(`${parsed.message} (expected 'host:port;host:port')`);
    out.push(parsed.value);
  }
  return ok(out);
}

/** An inclusive range check shared by int and long keys. */
export function checkRange(
  value: number,
  min: number | undefined,
  max: number | undefined,
): string | undefined {
  if (min !== undefined && max !== undefined && (value < min || value > max)) {
    return `${value} is outside ${min}..${max}`;
  }
  if (min !== undefined && value < min) return `${value} is below the minimum ${min}`;
  if (max !== undefined && value > max) return `${value} is above the maximum ${max}`;
  return undefined;
}
