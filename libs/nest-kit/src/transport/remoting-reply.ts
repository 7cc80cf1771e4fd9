/**
 * What a remoting handler returns: the response code and parts. The transport turns it into a
 * RemotingCommand with the request's opaque and serialize type.
 */
import { createResponse, RemotingCommand } from '@rmq/protocol';

export interface RemotingReply {
  code: number;
  remark?: string;
  extFields?: Record<string, string>;
  body?: Buffer;
}

export function reply(code: number, parts: Omit<RemotingReply, 'code'> = {}): RemotingReply {
  return { code, ...parts };
}

export function toResponseCommand(request: RemotingCommand, result: RemotingReply): RemotingCommand {
  const init: { remark?: string; extFields?: Record<string, string>; body?: Buffer } = {};
  if (result.remark !== undefined) init.remark = result.remark;
  if (result.extFields !== undefined) init.extFields = result.extFields;
  if (result.body !== undefined) init.body = result.body;
  return createResponse(request, result.code, init);
}
