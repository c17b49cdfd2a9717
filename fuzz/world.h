// A whole server without sockets, for the fuzz harnesses: config, store and server state,
// and one client, built fresh for every input so that no input depends on the ones before
// it (CONFIG SET, FLUSHALL, SELECT all stay inside one run).
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/types/span.h"
#include "commands/blocking.h"
#include "commands/context.h"
#include "core/config.h"
#include "protocol/reply_builder.h"
#include "storage/store.h"

namespace tessera::fuzz {

class World {
 public:
  explicit World(int resp) : store_(4, 4), state_(config_, store_), reply_(&out_) {
    std::string err;
    // Values stay small so a run is about parsing and logic, not the allocator: a bulk
    // of 1 MB at most (SETRANGE/SETBIT offsets and the like are bounded by it too).
    config_.Set("proto-max-bulk-len", "1mb", &err);
    client_.id = 1;
    client_.addr = "127.0.0.1:5000";
    client_.laddr = "127.0.0.1:6379";
    client_.resp = resp;
    reply_.set_resp_version(resp);
    state_.clients().Add(&client_);
  }
  ~World() {
    commands::ReleaseClient(state_, client_);
    state_.clients().Remove(&client_);
  }

  // Runs one command as the client; false once the connection would be closed (QUIT).
  bool Run(absl::Span<const std::string_view> args) {
    commands::CommandContext ctx(state_, client_, reply_);
    commands::Dispatch(args, ctx);
    if (client_.is_blocked()) commands::CancelBlocked(state_, client_);  // no one will push
    reply_.set_resp_version(client_.resp.load());  // HELLO may have switched it
    if (out_.size() > (1u << 20)) out_.clear();
    return !client_.close_after_reply;
  }

  commands::ServerState& state() { return state_; }
  std::string& out() { return out_; }

 private:
  Config config_;
  storage::Store store_;
  commands::ServerState state_;
  commands::ClientState client_;
  std::string out_;
  protocol::ReplyBuilder reply_;
};

}  // namespace tessera::fuzz
