// The memcached front end's commands (memcached 1.6's text protocol): each request the
// McParser framed runs against db 0's strings through the item ops in ops/string_ops.h, so
// memcached and RESP clients share one keyspace. Replies go out through protocol::McReply.
#pragma once

#include <cstdint>

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

// Connections for `stats` (curr_connections, total_connections).
void McConnectionOpened();
void McConnectionClosed();

// Runs a `flush_all <delay>` whose time has come; called by the server's cron.
void McCron(ServerState& server, int64_t now_ms);

}  // namespace tessera::commands
