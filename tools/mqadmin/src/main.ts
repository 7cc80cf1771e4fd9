/**
 * `bin/mqadmin <command> [options]`: RocketMQ's admin tool with its command names and option
 * letters (updateTopic -n ns -c cluster -t topic, consumerProgress -g group, ...), over @rmq/client.
 * `bin/mqadmin` alone lists the commands; `bin/mqadmin help <command>` shows one's options.
 */
import { AdminClient } from '@rmq/client';
import { defaultNamesrvAddr, parseToolOptions, ToolUsageError, usage } from '@rmq/config';
import { AdminCommand } from './admin-command';
import { brokerStatus, clusterList } from './commands/cluster.commands';
import {
  consumerConnection,
  consumerProgress,
  deleteSubGroup,
  resetOffsetByTime,
  updateSubGroup,
} from './commands/group.commands';
import { consumeMessage, queryMsgById, queryMsgByKey, sendMessage } from './commands/message.commands';
import { deleteTopic, topicList, topicRoute, topicStatus, updateTopic } from './commands/topic.commands';

export const COMMANDS: readonly AdminCommand[] = [
  updateTopic,
  deleteTopic,
  topicList,
  topicRoute,
  topicStatus,
  clusterList,
  brokerStatus,
  updateSubGroup,
  deleteSubGroup,
  consumerProgress,
  consumerConnection,
  resetOffsetByTime,
  queryMsgById,
  queryMsgByKey,
  sendMessage,
  consumeMessage,
];

const out = (line: string): void => void process.stdout.write(`${line}\n`);
// `mqadmin topicList | head` closes the pipe early: that is the reader's choice, not an error.
process.stdout.on('error', (err: NodeJS.ErrnoException) => process.exit(err.code === 'EPIPE' ? 0 : 1));

function commandList(): string {
  const lines = COMMANDS.map((c) => `   ${c.name.padEnd(22)}${c.description}`);
  return [
    'usage: mqadmin <command> [args]',
    'The most commonly used mqadmin commands are:',
    ...lines,
    '',
    "See 'mqadmin help <command>' for more information on a specific command.",
  ].join('\n');
}

async function run(command: AdminCommand, args: string[]): Promise<void> {
  const options = parseToolOptions(args, command.options);
  const missing = command.required.filter((name) => !options.has(name));
  if (missing.length > 0) {
    throw new ToolUsageError(
      `${command.name}: missing ${missing.map((m) => `--${m}`).join(', ')}\n${usage(`mqadmin ${command.name}`, command.options)}`,
    );
  }
  const namesrvAddr = options.get('namesrvAddr') ?? defaultNamesrvAddr();
  let admin: AdminClient | undefined;
  try {
    await command.run({
      options,
      namesrvAddr,
      out,
      admin: async () => {
        if (admin === undefined) {
          admin = new AdminClient({ namesrvAddr, instanceName: `mqadmin-${process.pid}` });
          await admin.start();
        }
        return admin;
      },
    });
  } finally {
    await admin?.shutdown();
  }
}

async function main(): Promise<void> {
  const [name, ...args] = process.argv.slice(2);
  if (name === undefined || name === '-h' || name === '--help') return out(commandList());
  if (name === 'help') {
    const command = COMMANDS.find((c) => c.name === args[0]);
    return out(command ? usage(`mqadmin ${command.name}`, command.options) : commandList());
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (command === undefined) throw new ToolUsageError(`The sub command ${name} not exist.\n${commandList()}`);
  await run(command, args);
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    const message = err instanceof Error ? err.message : String(err);
    process.stderr.write(`${err instanceof ToolUsageError ? '' : 'mqadmin: '}${message}\n`);
    process.exit(1);
  },
);
