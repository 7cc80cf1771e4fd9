/** Remoting handlers of the NameServer KV config codes (PUT/GET/DELETE_KV_CONFIG, GET_KVLIST_BY_NAMESPACE). */
import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { RemotingHandler, RemotingReply, reply } from '@rmq/nest-kit';
import {
  DeleteKVConfigRequestHeader,
  encodeKVTable,
  GetKVConfigRequestHeader,
  GetKVConfigResponseHeader,
  GetKVListByNamespaceRequestHeader,
  PutKVConfigRequestHeader,
  RemotingCommand,
  RequestCode,
  ResponseCode,
} from '@rmq/protocol';
import { KvConfigManager } from './kv-config-manager';

/** Namespace whose entries (`topic` → `brokerName:queueNum;...`) mark ordered topics. */
export const ORDER_TOPIC_CONFIG_NAMESPACE = 'ORDER_TOPIC_CONFIG';

@Controller()
export class KvConfigHandlers {
  constructor(private readonly kv: KvConfigManager) {}

  @RemotingHandler(RequestCode.PUT_KV_CONFIG)
  put(@Payload() request: RemotingCommand): RemotingReply {
    const h = PutKVConfigRequestHeader.decode(request.extFields);
    this.kv.put(h.namespace, h.key, h.value);
    return reply(ResponseCode.SUCCESS);
  }

  @RemotingHandler(RequestCode.GET_KV_CONFIG)
  get(@Payload() request: RemotingCommand): RemotingReply {
    const h = GetKVConfigRequestHeader.decode(request.extFields);
    const value = this.kv.get(h.namespace, h.key);
    if (value === undefined) {
      return reply(ResponseCode.QUERY_NOT_FOUND, {
        remark: `No config item, namespace ${h.namespace}, key ${h.key}`,
      });
    }
    return reply(ResponseCode.SUCCESS, { extFields: GetKVConfigResponseHeader.encode({ value }) });
  }

  @RemotingHandler(RequestCode.DELETE_KV_CONFIG)
  delete(@Payload() request: RemotingCommand): RemotingReply {
    const h = DeleteKVConfigRequestHeader.decode(request.extFields);
    this.kv.delete(h.namespace, h.key);
    return reply(ResponseCode.SUCCESS);
  }

  @RemotingHandler(RequestCode.GET_KVLIST_BY_NAMESPACE)
  list(@Payload() request: RemotingCommand): RemotingReply {
    const h = GetKVListByNamespaceRequestHeader.decode(request.extFields);
    const entries = this.kv.list(h.namespace);
    if (!entries)
      return reply(ResponseCode.QUERY_NOT_FOUND, { remark: `No config items in namespace ${h.namespace}` });
    return reply(ResponseCode.SUCCESS, { body: encodeKVTable({ table: new Map(entries) }) });
  }
}
