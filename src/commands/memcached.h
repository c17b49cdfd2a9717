// The memcached front end's commands (memcached 1.6's text, meta and binary protocols):
// each request the McParser (text) or McBinParser (binary) framed runs against db 0's
// strings through the item ops in ops/string_ops.h, so memcached and RESP clients share one
// keyspace. Replies go out through protocol::McReply or protocol::McBinReply.
#pragma once

#include <cstdint>

#include "protocol/mc_binary.h"
#include "protocol/mc_parser.h"
#include "protocol/mc_reply.h"

namespace tessera::commands {

class ServerState;

struct McContext {
  ServerState& server;
  protocol::McReply& reply;
  bool close = false;  // quit, or a line memcached answers by closing
};

// Runs one framed request and appends its reply (none for noreply).
void McExecute(const protocol::McRequest& req, McContext& ctx);

struct McBinContext {
  ServerState& server;
  protocol::McBinReply& reply;
  bool close = false;  // quit, or a malformed request (after its answer)
};

// Runs one framed binary request and appends its responses (none for a quiet success).
void McBinExecute(const protocol::McBinRequest& req, McBinContext& ctx);

// Connections for `stats` (curr_connections, total_connections).
void McConnectionOpened();
void McConnectionClosed();

// Runs a `flush_all <delay>` whose time has come; called by the server's cron.
void McCron(ServerState& server, int64_t now_ms);

}  // namespace tessera::commands
