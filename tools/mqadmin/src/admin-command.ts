/**
 * One `mqadmin` sub-command: RocketMQ's name, its option letters, and what it does with an
 * AdminClient (or a producer/consumer for sendMessage/consumeMessage). Output goes through `out`
 * so the commands can be tested without a terminal.
 */
import type { AdminClient } from '@rmq/client';
import type { OptionSpec, ParsedOptions } from '@rmq/config';

export interface CommandContext {
  options: ParsedOptions;
  namesrvAddr: string;
  /** Started lazily: commands that only produce or consume do not need it. */
  admin: () => Promise<AdminClient>;
  out: (line: string) => void;
}

export interface AdminCommand {
  name: string;
  description: string;
  options: OptionSpec[];
  /** Long names of options that must be given. */
  required: string[];
  run(ctx: CommandContext): Promise<void>;
}

export const NAMESRV_OPTION: OptionSpec = {
  short: 'n',
  long: 'namesrvAddr',
  kind: 'string',
  description: "name servers, 'host:port;host:port' (default $NAMESRV_ADDR, else 127.0.0.1:9876)",
};

/** A value the command's `required` list guarantees. */
export function need(options: ParsedOptions, name: string): string {
  const value = options.get(name);
  if (value === undefined) throw new Error(`option --${name} is required`);
  return value;
}

const COLUMN_CHARS = 24;

/** Columns padded like RocketMQ's `%-32s  %-32s ...` tables. */
export function row(...cells: Array<string | number>): string {
  return cells
    .map((c, i) => (i === cells.length - 1 ? String(c) : String(c).padEnd(COLUMN_CHARS)))
    .join('  ');
}
