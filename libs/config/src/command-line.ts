/**
 * RocketMQ's start-up command lines (mqnamesrv, mqbroker, and ours) plus `--key=value` for any
 * key. Only parsing happens here: key names are checked later against the app's schema.
 * argv is the arguments after the script (process.argv.slice(2)).
 */
import { ConfigIssue, configIssue } from './config-issue';
import { Assignment, ConfigSource } from './config-source';

export type CliApp = 'namesrv' | 'broker' | 'ha-replicator' | 'console';

export interface CommandLine {
  readonly configFile: string | undefined;
  /** `-p`: print the effective config and exit. */
  readonly printConfig: boolean;
  /** `-m` (mqbroker): print the important keys and exit. */
  readonly printImportantConfig: boolean;
  readonly help: boolean;
  /** `--key=value` and `-n` values, in order. */
  readonly assignments: readonly Assignment[];
  readonly issues: readonly ConfigIssue[];
}

type Flag = 'printConfig' | 'printImportantConfig' | 'help';
type Letter = { readonly flag: Flag } | { readonly value: 'configFile' | 'namesrvAddr' };

const LETTERS: Readonly<Record<string, Letter>> = {
  c: { value: 'configFile' },
  n: { value: 'namesrvAddr' },
  p: { flag: 'printConfig' },
  m: { flag: 'printImportantConfig' },
  h: { flag: 'help' },
};

/** Which letters each app takes (RocketMQ: mqnamesrv -c -p -h; mqbroker -c -n -p -m -h). */
const APP_LETTERS: Readonly<Record<CliApp, string>> = {
  namesrv: 'cph',
  broker: 'cnpmh',
  'ha-replicator': 'cnph',
  console: 'cnph',
};

/** RocketMQ's long option names (commons-cli) for the letters. */
const LONG_NAMES: Readonly<Record<string, string>> = {
  configFile: 'c',
  printConfigItem: 'p',
  printImportantConfig: 'm',
  help: 'h',
};

interface State {
  configFile: string | undefined;
  printConfig: boolean;
  printImportantConfig: boolean;
  help: boolean;
  readonly assignments: Assignment[];
  readonly issues: ConfigIssue[];
}

export function parseCommandLine(argv: readonly string[], app: CliApp): CommandLine {
  const state: State = {
    configFile: undefined,
    printConfig: false,
    printImportantConfig: false,
    help: false,
    assignments: [],
    issues: [],
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    const next = argv[i + 1];
    let consumedNext = false;
    if (arg.startsWith('--')) consumedNext = parseLong(arg, next, app, state);
    else if (arg.startsWith('-') && arg.length > 1) consumedNext = parseShort(arg, next, app, state);
    else state.issues.push(error(arg, `unexpected argument '${arg}' (use --key=value)`));
    if (consumedNext) i++;
  }
  return { ...state };
}

function error(arg: string, message: string): ConfigIssue {
  return configIssue('error', { kind: 'argv', arg }, message);
}

/** `--key=value`, or a long form of a letter option (`--configFile path`, `--help`). */
function parseLong(arg: string, next: string | undefined, app: CliApp, state: State): boolean {
  const body = arg.slice(2);
  const eq = body.indexOf('=');
  const name = eq < 0 ? body : body.slice(0, eq);
  const letter = LONG_NAMES[name];
  if (letter !== undefined && APP_LETTERS[app].includes(letter)) {
    const inline = eq < 0 ? undefined : body.slice(eq + 1);
    return applyLetter(letter, arg, inline, next, app, state);
  }
  if (eq <= 0) {
    state.issues.push(error(arg, `expected --key=value`));
    return false;
  }
  state.assignments.push({ key: name, value: body.slice(eq + 1), source: { kind: 'argv', arg } });
  return false;
}

/** `-c file`, `-cfile`, `-n "a:9876;b:9876"`, and bundled flags such as `-pm`. */
function parseShort(arg: string, next: string | undefined, app: CliApp, state: State): boolean {
  const first = arg.charAt(1);
  const spec = LETTERS[first];
  if (spec !== undefined && 'value' in spec) {
    const inline = arg.length > 2 ? arg.slice(2) : undefined;
    return applyLetter(first, arg, inline, next, app, state);
  }
  for (const letter of arg.slice(1)) applyLetter(letter, arg, undefined, undefined, app, state);
  return false;
}

function applyLetter(
  letter: string,
  arg: string,
  inline: string | undefined,
  next: string | undefined,
  app: CliApp,
  state: State,
): boolean {
  const spec = LETTERS[letter];
  if (spec === undefined || !APP_LETTERS[app].includes(letter)) {
    state.issues.push(error(arg, `unknown option -${letter} for ${app} (options: ${optionList(app)})`));
    return false;
  }
  if ('flag' in spec) {
    if (inline !== undefined) state.issues.push(error(arg, `-${letter} takes no value`));
    state[spec.flag] = true;
    return false;
  }
  const value = inline ?? next;
  if (value === undefined) {
    state.issues.push(error(arg, `-${letter} needs a value`));
    return false;
  }
  const source: ConfigSource = { kind: 'argv', arg: inline === undefined ? `${arg} ${value}` : arg };
  if (spec.value === 'configFile') {
    if (state.configFile !== undefined) {
      state.issues.push(configIssue('warning', source, `-c given twice; '${value}' wins`));
    }
    state.configFile = value;
  } else {
    state.assignments.push({ key: spec.value, value, source });
  }
  return inline === undefined;
}

const LETTER_HELP: Readonly<Record<string, string>> = {
  c: '-c, --configFile <file>      config properties file',
  n: '-n, --namesrvAddr <a:p;b:p>  name server address list, e.g. 192.168.0.1:9876;192.168.0.2:9876',
  p: '-p, --printConfigItem        print the effective config and exit',
  m: '-m, --printImportantConfig   print the important config keys and exit',
  h: '-h, --help                   print this help and exit',
};

const PROGRAM: Readonly<Record<CliApp, string>> = {
  namesrv: 'mqnamesrv',
  broker: 'mqbroker',
  'ha-replicator': 'ha-replicator',
  console: 'console',
};

/** The usage line and one line per option letter of `app`. */
export function commandLineUsage(app: CliApp): string[] {
  const letters = [...APP_LETTERS[app]];
  const usage = letters.map((l) => ('value' in (LETTERS[l] ?? {}) ? `[-${l} <value>]` : `[-${l}]`)).join(' ');
  return [
    `usage: ${PROGRAM[app]} ${usage} [--key=value ...]`,
    ...letters.map((l) => ` ${LETTER_HELP[l] ?? ''}`),
  ];
}

function optionList(app: CliApp): string {
  return [...APP_LETTERS[app]].map((l) => `-${l}`).join(' ');
}
