#include "server/server.h"

#include <unistd.h>

#include <chrono>

#include "commands/blocking.h"
#include "commands/context.h"
#include "commands/memcached.h"
#include "commands/pubsub.h"
#include "core/clock.h"
#include "core/errors.h"
#include "core/logging.h"
#include "core/strutil.h"
#include "protocol/reply_builder.h"
#include "protocol/resp_parser.h"
#include "storage/store.h"

namespace tessera::server {

namespace {

// Per-connection state kept by the dispatcher.
struct Session {
  explicit Session(net::Connection& c, commands::ServerStats* stats) : reply(&c.out) {
    reply.set_refs(&c.out_refs);
    reply.set_error_hook(
        [](void* st, std::string_view code) {
          auto* s = static_cast<commands::ServerStats*>(st);
          s->total_error_replies.fetch_add(1, std::memory_order_relaxed);
          s->CountError(code);
        },
        stats);
  }
  commands::ClientState client;
  protocol::RespParser parser;
  protocol::ReplyBuilder reply;
  std::vector<std::string_view> args;
  bool paused_input = false;  // a command waits in the input for CLIENT PAUSE to end
  int64_t soft_since_ms = 0;  // when the output went over its class's soft limit (0: not)
  size_t unconsumed = 0;      // input left after the last OnData (counted already)
};

// A memcached client's state.
struct McSession {
  explicit McSession(net::Connection& c)
      : reply(&c.out, &c.out_refs), bin_reply(&c.out, &c.out_refs) {}
  // memcached's negotiation: a connection whose first byte is 0x80 speaks the binary
  // protocol, any other the text one.
  enum class Proto : uint8_t { kUnknown, kText, kBinary } proto = Proto::kUnknown;
  protocol::McParser parser;
  protocol::McRequest req;
  protocol::McReply reply;
  protocol::McBinParser bin_parser;
  protocol::McBinRequest bin_req;
  protocol::McBinReply bin_reply;
  size_t unconsumed = 0;  // input left after the last OnData (counted already)
};

// The memcached port nobody asked for: when it is taken (a memcached on the same host),
// the server runs without the front end instead of refusing to start.
constexpr int kDefaultMcPort = 11211;

// Whether CLIENT PAUSE holds this command back: all commands in ALL mode; in WRITE mode
// those that may write. The pausing connection's CLIENT UNPAUSE always gets through.
bool HeldByPause(const commands::ServerState& st, const std::vector<std::string_view>& args) {
  const commands::CommandSpec* spec = commands::Registry::Global().Find(args[0]);
  if (!spec) return false;
  if (!spec->subcommands.empty() && args.size() > 1)
    if (const auto* sub = commands::FindSubcommand(*spec, args[1])) spec = sub;
  if (spec->name == "client|unpause") return false;
  if (st.pause_all.load()) return true;
  return spec->flags & (commands::kWrite | commands::kMayReplicate);
}

// A pipelined batch: before the next requests run, their keys are looked up in two
// prefetch passes (bucket slots, then the entries the slots link to), so the cache misses
// of up to 64 lookups overlap instead of coming one after another. Returns how many
// requests it looked at (0 when the next one is incomplete or inline).
size_t PrefetchKeys(const net::Connection& c, storage::Db& db) {
  constexpr size_t kMax = 64;
  std::string_view keys[kMax];
  size_t n = protocol::RespParser::PeekKeys(c.in.data(), c.in.size(), keys, kMax);
  if (n < 2) return n;
  uint64_t hashes[kMax];
  storage::Shard* shards[kMax];
  size_t m = 0;  // distinct from the one before: a batch on one key (LPUSH mylist ...) is
                 // looked up once, not locked and prefetched 64 times
  for (size_t i = 0; i < n; ++i) {
    uint64_t h = storage::HashKey(keys[i]);
    if (m > 0 && hashes[m - 1] == h) continue;
    hashes[m] = h;
    shards[m] = &db.ShardFor(h);
    shards[m]->Prefetch(h, 0);
    ++m;
  }
  for (size_t i = 0; i < m; ++i) shards[i]->Prefetch(hashes[i], 1);
  return n;
}

constexpr std::string_view kDenied =
    "-DENIED Redis is running in protected mode because protected mode is enabled and no "
    "password is set for the default user. In this mode connections are only accepted from "
    "the loopback interface. If you want to connect from external computers to Redis you "
    "may adopt one of the following solutions: 1) Just disable protected mode sending the "
    "command 'CONFIG SET protected-mode no' from the loopback interface by connecting to "
    "Redis from the same host the server is running, however MAKE SURE Redis is not "
    "publicly accessible from internet if you do so. Use CONFIG REWRITE to make this change "
    "permanent. 2) Alternatively you can just disable the protected mode by editing the "
    "Redis configuration file, and setting the protected mode option to 'no', and then "
    "restarting the server. 3) If you started the server manually just for testing, "
    "restart it with the '--protected-mode no' option. 4) Setup a an authentication "
    "password for the default user. NOTE: You only need to do one of the above things in "
    "order for the server to start accepting connections from the outside.\r\n";

// "ip:port" of a peer on the loopback interface (Redis's test: 127.* or ::1).
bool IsLoopbackPeer(std::string_view peer) {
  return peer.rfind("127.", 0) == 0 || peer.rfind("::1:", 0) == 0;
}

}  // namespace

Server::Server(Config& config) : config_(config) {
  store_ = std::make_unique<storage::Store>(config.databases(), config.shards());
  state_ = std::make_unique<commands::ServerState>(config, *store_);
}

Server::~Server() { Stop(); }

bool Server::Start(std::string* err) {
  int n = config_.threads();
  if (n <= 0) n = int(std::max(1u, std::thread::hardware_concurrency()));
  state_->io_threads = n;
  listen_fd_ = net::OpenListener(config_.bind(), config_.port(), &port_, err);
  if (listen_fd_ < 0) return false;
  // The loops accept nothing themselves: the acceptor spreads connections over them.
  net::LoopOptions opts;
  std::vector<net::ListenSocket> listeners;
  listeners.push_back({listen_fd_, kResp});
  if (config_.memcached_port() > 0) {
    std::string why;
    mc_listen_fd_ = net::OpenListener(config_.bind(), config_.memcached_port(), &mc_port_, &why);
    if (mc_listen_fd_ >= 0) {
      listeners.push_back({mc_listen_fd_, kMemcached});
    } else if (config_.memcached_port() == kDefaultMcPort) {
      TLOG_WARN("memcached front end off: %s", why.c_str());
      mc_port_ = 0;
    } else {
      *err = why;
      return false;
    }
  }
  opts.sqpoll = config_.io_uring_sqpoll();
  std::string engine = config_.io_engine();
  for (int i = 0; i < n; ++i) {
    std::unique_ptr<net::EventLoop> loop;
    if (engine == "uring") {
      std::string why;
      loop = net::CreateUringLoop(opts, this);
      if (!loop) why = "not built for this platform";
      else if (!loop->Init(&why)) loop.reset();
      if (!loop) {
        if (i > 0) {  // the first loop's ring worked; this one failing is not a fallback
          *err = StrCat("io_uring set-up failed for loop ", i, ": ", why);
          return false;
        }
        TLOG_WARN("io_uring unavailable (%s); using epoll", why.c_str());
        engine = "epoll";
      }
    }
    if (!loop) {
      loop = net::CreateEpollLoop(opts, this);
      engine = "epoll";
      if (!loop) {  // BSD and macOS
        loop = net::CreateKqueueLoop(opts, this);
        engine = "kqueue";
      }
      if (!loop) {
        *err = "no I/O engine for this platform";
        return false;
      }
      if (!loop->Init(err)) return false;
    }
    loops_.push_back(std::move(loop));
  }
  state_->multiplexing_api = engine == "uring" ? "io_uring" : engine;
  for (auto& l : loops_) threads_.emplace_back([loop = l.get()] { loop->Run(); });
  std::vector<net::EventLoop*> loops;
  for (auto& l : loops_) loops.push_back(l.get());
  acceptor_ = std::make_unique<net::Acceptor>(std::move(listeners), std::move(loops));
  if (!acceptor_->Start(err)) return false;
  cron_ = std::thread([this] { Cron(); });
  return true;
}

void Server::Cron() {
  // instantaneous_*: the mean of the last 16 samples of 100 ms, as Redis computes them
  constexpr int kSamples = 16;
  int64_t ops[kSamples] = {0}, in[kSamples] = {0}, out[kSamples] = {0};
  int idx = 0;
  int64_t last_ms = MonotonicMs();
  auto& st = state_->stats();
  uint64_t last_ops = commands::TotalCommands(), last_in = st.net_input_bytes.load(),
           last_out = st.net_output_bytes.load();
  while (!stopping_.load()) {
    int64_t now = MonotonicMs();
    if (now - last_ms >= 100) {
      double secs = double(now - last_ms) / 1000.0;
      uint64_t o = commands::TotalCommands(), i = st.net_input_bytes.load(),
               w = st.net_output_bytes.load();
      ops[idx] = int64_t(double(o - last_ops) / secs);
      in[idx] = int64_t(double(i - last_in) / secs);
      out[idx] = int64_t(double(w - last_out) / secs);
      idx = (idx + 1) % kSamples;
      last_ops = o, last_in = i, last_out = w, last_ms = now;
      int64_t so = 0, si = 0, sw = 0;
      for (int k = 0; k < kSamples; ++k) so += ops[k], si += in[k], sw += out[k];
      st.instantaneous_ops.store(so / kSamples);
      st.instantaneous_input_bps.store(si / kSamples);
      st.instantaneous_output_bps.store(sw / kSamples);
      st.peak_memory.store(std::max(st.peak_memory.load(), state_->MemoryForLimit()));
    }
    int64_t hz = std::max<int64_t>(1, config_.hz());
    // 25% of each period, as Redis; nothing expires while clients are paused
    if (!state_->Paused(NowMs())) store_->ActiveExpireCycle(250000 / hz);
    commands::McCron(*state_, NowMs());
    // Past maxmemory (CONFIG SET lowered it, or commands ran out of eviction time), evict
    // for up to a quarter of the period too, so memory comes down without writes.
    state_->MemoryCron(250000 / hz);
    std::this_thread::sleep_for(std::chrono::milliseconds(1000 / hz));
  }
}

void Server::Stop() {
  if (stopping_.exchange(true)) return;
  if (acceptor_) acceptor_->Stop();  // first: nothing is handed to a stopping loop
  for (auto& l : loops_) l->Stop();
  for (auto& t : threads_) t.join();
  if (cron_.joinable()) cron_.join();
  loops_.clear();
  threads_.clear();
  acceptor_.reset();
  if (listen_fd_ >= 0) ::close(listen_fd_);
  listen_fd_ = -1;
  if (mc_listen_fd_ >= 0) ::close(mc_listen_fd_);
  mc_listen_fd_ = -1;
}

void Server::Wait() {
  for (auto& t : threads_) t.join();
  threads_.clear();
}

bool Server::OnAccept(net::Connection& c, const net::ConnWaker& waker) {
  auto& stats = state_->stats();
  if (connected_.load() >= config_.maxclients()) {
    stats.rejected_connections.fetch_add(1);
    c.out = c.front_end == kMemcached ? "ERROR Too many open connections\r\n"
                                      : "-ERR max number of clients reached\r\n";
    return false;
  }
  connected_.fetch_add(1);
  if (c.front_end == kMemcached) {
    c.session = new McSession(c);
    commands::McConnectionOpened();
    return true;
  }
  // Protected mode, as Redis 7: no password for the default user and a peer that is not on
  // the loopback interface gets DENIED and the connection closes.
  if (config_.protected_mode() && config_.requirepass().empty() && !IsLoopbackPeer(c.peer)) {
    connected_.fetch_sub(1);
    stats.rejected_connections.fetch_add(1);
    c.out = kDenied;
    return false;
  }
  stats.total_connections.fetch_add(1);
  auto* s = new Session(c, &stats);
  s->client.id = state_->NextClientId();
  s->client.fd = c.fd;
  s->client.addr = c.peer;
  s->client.laddr = c.local;
  s->client.created_ms = NowMs();
  s->client.last_interaction_ms = s->client.created_ms;
  s->client.waker = {waker.loop, waker.token, waker.wake, waker.wake_at};
  s->parser.set_max_bulk_len(config_.proto_max_bulk_len());
  s->client.authenticated = config_.requirepass().empty();
  // its Pub/Sub queue exists from the start: other threads deliver to it (messages, and
  // tracking invalidations redirected to it) without ever racing its creation
  s->client.set_pubsub(std::make_shared<commands::Subscriber>(&s->client));
  c.session = s;
  state_->clients().Add(&s->client);
  return true;
}

// After a memcached request ran: true when the connection takes no more requests now
// (the request asked to close, or the output passed client-output-buffer-limit).
bool Server::McStopAfterRequest(net::Connection& c, bool close) {
  if (close) {
    c.close_after_write = true;
    return true;
  }
  if (int64_t(c.PendingOutput()) > config_.output_buffer_limit()) {
    TLOG_WARN("closing memcached client %s: output over client-output-buffer-limit",
              c.peer.c_str());
    c.close_now = true;
    return true;
  }
  return false;
}

void Server::McOnData(net::Connection& c) {
  auto* s = static_cast<McSession*>(c.session);
  FastClock::Scope clock;
  state_->stats().net_input_bytes.fetch_add(c.in.size() - std::min(c.in.size(), s->unconsumed),
                                            std::memory_order_relaxed);
  if (s->proto == McSession::Proto::kUnknown && c.in.size() > 0)
    s->proto = uint8_t(c.in.data()[0]) == protocol::kMcBinRequest ? McSession::Proto::kBinary
                                                                 : McSession::Proto::kText;
  if (s->proto == McSession::Proto::kBinary) return McBinaryOnData(c);
  s->parser.set_max_item_size(config_.max_item_size());
  commands::McContext ctx{*state_, s->reply};
  while (c.in.size() > 0) {
    size_t consumed = 0;
    auto r = s->parser.Parse(c.in.data(), c.in.size(), &consumed, &s->req);
    if (r == protocol::McParser::Result::kClose) {  // a line too long: memcached hangs up
      c.close_now = true;
      break;
    }
    if (r == protocol::McParser::Result::kIncomplete) {
      c.in.Consume(consumed);  // a refused value's data, swallowed
      c.read_hint = s->parser.needed_bytes();
      if (int64_t(c.in.size()) > config_.client_query_buffer_limit()) {
        TLOG_WARN("closing memcached client %s: line over client-query-buffer-limit",
                  c.peer.c_str());
        c.close_now = true;
      }
      break;
    }
    c.read_hint = 0;
    // The tokens stay valid: Consume only moves the read offset.
    c.in.Consume(consumed);
    commands::McExecute(s->req, ctx);
    if (McStopAfterRequest(c, ctx.close)) break;
  }
  s->unconsumed = c.in.size();
}

void Server::McBinaryOnData(net::Connection& c) {
  auto* s = static_cast<McSession*>(c.session);
  s->bin_parser.set_max_item_size(config_.max_item_size());
  commands::McBinContext ctx{*state_, s->bin_reply};
  while (c.in.size() > 0) {
    size_t consumed = 0;
    auto r = s->bin_parser.Parse(c.in.data(), c.in.size(), &consumed, &s->bin_req);
    if (r == protocol::McBinParser::Result::kClose) {  // not a request packet
      c.close_now = true;
      break;
    }
    if (r == protocol::McBinParser::Result::kIncomplete) {
      c.in.Consume(consumed);  // a refused value, swallowed
      c.read_hint = s->bin_parser.needed_bytes();
      break;
    }
    c.read_hint = 0;
    c.in.Consume(consumed);  // the views stay valid: Consume only moves the read offset
    commands::McBinExecute(s->bin_req, ctx);
    if (McStopAfterRequest(c, ctx.close)) break;
  }
  s->unconsumed = c.in.size();
}

void Server::OnData(net::Connection& c) {
  if (c.front_end == kMemcached) return McOnData(c);
  auto* s = static_cast<Session*>(c.session);
  FastClock::Scope clock;  // one real clock read for the whole batch
  commands::CommandContext ctx(*state_, s->client, s->reply);
  state_->stats().net_input_bytes.fetch_add(c.in.size() - std::min(c.in.size(), s->unconsumed),
                                            std::memory_order_relaxed);
  s->parser.set_max_bulk_len(config_.proto_max_bulk_len());
  size_t warm = 0;  // requests ahead whose keys PrefetchKeys has fetched
  while (c.in.size() > 0 && !s->client.is_blocked()) {  // a blocked client reads on later
    if (warm == 0) warm = PrefetchKeys(c, ctx.db());
    if (warm > 0) --warm;
    s->parser.set_unauthenticated(!s->client.authenticated);
    size_t consumed = 0;
    auto r = s->parser.Parse(c.in.data(), c.in.size(), &consumed, &s->args);
    if (r == protocol::RespParser::Result::kIncomplete) {
      c.read_hint = s->parser.needed_bytes();
      if (int64_t(c.in.size()) > config_.client_query_buffer_limit()) {
        TLOG_WARN("closing client %s: query buffer over client-query-buffer-limit",
                  c.peer.c_str());
        c.close_now = true;
      }
      break;
    }
    if (r == protocol::RespParser::Result::kError) {
      s->reply.SendError(s->parser.error());
      c.close_after_write = true;
      c.in.Consume(c.in.size());
      break;
    }
    c.read_hint = 0;
    if (!s->args.empty() && state_->pause_end_ms.load(std::memory_order_relaxed) != 0 &&
        state_->Paused(FastClock::NowMs()) && HeldByPause(*state_, s->args)) {
      s->paused_input = true;  // left unconsumed; Poll runs it when the pause ends
      break;
    }
    s->paused_input = false;
    // The arguments stay valid: Consume only moves the read offset; the bytes are not
    // touched until the next read.
    c.in.Consume(consumed);
    if (s->args.empty()) continue;
    using Mode = commands::ClientState::ReplyMode;
    Mode mode = s->client.reply_mode;
    // what publishers queued for this client goes out before this command's reply
    if (s->client.pubsub && s->client.pubsub->has_pending.load(std::memory_order_relaxed)) {
      bool close = false;
      commands::DrainPubSub(s->client, &c.out, &close);
      if (close) {
        TLOG_WARN("closing subscriber %s: output over client-output-buffer-limit pubsub",
                  c.peer.c_str());
        c.close_now = true;
        break;
      }
    }
    size_t out_before = c.out.size(), refs_before = c.out_refs.count();
    commands::Dispatch(absl::MakeConstSpan(s->args), ctx);
    // CLIENT REPLY OFF/SKIP: the command ran, its reply is dropped.
    if ((mode == Mode::kOff && s->client.reply_mode == Mode::kOff) || mode == Mode::kSkip) {
      c.out.resize(out_before);
      c.out_refs.Truncate(refs_before);
      if (mode == Mode::kSkip && s->client.reply_mode == Mode::kSkip)
        s->client.reply_mode = Mode::kOn;
    }
    if (s->client.reply_mode == Mode::kSkipNext) s->client.reply_mode = Mode::kSkip;
    if (s->client.close_after_reply) {
      c.close_after_write = true;
      break;
    }
    if (OverOutputLimit(c)) {
      TLOG_WARN("closing client %s: output over client-output-buffer-limit", c.peer.c_str());
      c.close_now = true;
      break;
    }
  }
  if (s->client.is_blocked() && int64_t(c.in.size()) > config_.client_query_buffer_limit()) {
    TLOG_WARN("closing client %s: query buffer over client-query-buffer-limit", c.peer.c_str());
    c.close_now = true;
  }
  s->client.last_interaction_ms.store(FastClock::NowMs(), std::memory_order_relaxed);
  s->unconsumed = c.in.size();
  s->client.qbuf.store(c.in.size(), std::memory_order_relaxed);
  s->client.omem.store(c.PendingOutput(), std::memory_order_relaxed);
}

bool Server::ShouldClose(net::Connection& c, int64_t now_ms) {
  if (c.front_end == kMemcached) return false;  // memcached has no idle timeout by default
  auto* s = static_cast<Session*>(c.session);
  if (s->client.kill_requested.load()) return true;
  if (stopping_.load()) return false;
  int64_t timeout = config_.timeout();
  return timeout > 0 && now_ms - c.last_active_ms > timeout * 1000;
}

bool Server::OverOutputLimit(net::Connection& c) {
  auto* s = static_cast<Session*>(c.session);
  auto lim = config_.output_limit(s->client.subscribed() ? Config::ClientClass::kPubSub
                                         : Config::ClientClass::kNormal);
  int64_t out = int64_t(c.PendingOutput());
  if (lim.hard > 0 && out > lim.hard) return true;
  if (lim.soft > 0 && out > lim.soft) {
    int64_t now = NowMs();
    if (s->soft_since_ms == 0) s->soft_since_ms = now;
    else if (now - s->soft_since_ms > lim.soft_seconds * 1000) return true;
  } else {
    s->soft_since_ms = 0;
  }
  return false;
}

bool Server::Poll(net::Connection& c) {
  if (c.front_end == kMemcached) return false;
  auto* s = static_cast<Session*>(c.session);
  bool wrote = false;
  if (s->client.pubsub) {  // messages from publishers on any thread
    bool close = false;
    wrote = commands::DrainPubSub(s->client, &c.out, &close);
    if (close || (wrote && OverOutputLimit(c))) {
      TLOG_WARN("closing subscriber %s: output over client-output-buffer-limit pubsub",
                c.peer.c_str());
      c.close_now = true;
      return true;
    }
    if (wrote) s->client.omem.store(c.PendingOutput(), std::memory_order_relaxed);
  }
  if (s->client.is_blocked()) {
    if (!commands::ResumeBlocked(*state_, s->client, s->reply)) return wrote;
    if (c.in.size() > 0) OnData(c);  // the commands that arrived while it waited
    return true;
  }
  if (s->paused_input && !state_->Paused(NowMs())) {
    size_t before = c.out.size();
    OnData(c);  // run what waited for the pause to end
    if (c.out.size() != before || c.close_after_write) return true;
  }
  if (!s->client.monitor || !state_->monitors().Drain(&s->client, &c.out)) return wrote;
  if (OverOutputLimit(c)) {
    TLOG_WARN("closing monitor %s: output over client-output-buffer-limit", c.peer.c_str());
    c.close_now = true;
  }
  return true;
}

void Server::OnClose(net::Connection& c) {
  if (c.front_end == kMemcached) {
    if (!c.session) return;
    delete static_cast<McSession*>(c.session);
    c.session = nullptr;
    commands::McConnectionClosed();
    connected_.fetch_sub(1);
    return;
  }
  auto* s = static_cast<Session*>(c.session);
  if (!s) return;
  commands::ReleaseClient(*state_, s->client);  // drops its WATCH entries and MONITOR
  state_->clients().Remove(&s->client);
  connected_.fetch_sub(1);
  delete s;
  c.session = nullptr;
}

void Server::OnWritten(net::Connection&, size_t n) {
  state_->stats().net_output_bytes.fetch_add(n, std::memory_order_relaxed);
}

}  // namespace tessera::server
