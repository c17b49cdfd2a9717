#include "commands/notify.h"

#include "commands/context.h"
#include "commands/pubsub.h"
#include "core/clock.h"
#include "core/strutil.h"

namespace tessera::commands {

bool NotifyWanted(const ServerState& server, uint32_t cls) {
  uint32_t f = const_cast<ServerState&>(server).config().notify_flags();
  return (f & cls) && (f & (notify::kKeyspace | notify::kKeyevent));
}

void Notify(ServerState& server, uint32_t cls, std::string_view event, std::string_view key,
            int db) {
  uint32_t f = server.config().notify_flags();
  if (!(f & cls)) return;
  auto limit = server.config().output_limit(Config::ClientClass::kPubSub);
  int64_t now = NowMs();
  thread_local std::string channel;
  if (f & notify::kKeyspace) {
    channel.clear();
    StrAppend(&channel, "__keyspace@", db, "__:");
    channel.append(key);
    server.pubsub().Publish(channel, event, false, limit, now);
  }
  if (f & notify::kKeyevent) {
    channel.clear();
    StrAppend(&channel, "__keyevent@", db, "__:");
    channel.append(event);
    server.pubsub().Publish(channel, key, false, limit, now);
  }
}

void Notify(CommandContext& ctx, uint32_t cls, std::string_view event, std::string_view key) {
  if (!(ctx.server().config().notify_flags() & cls)) return;
  Notify(ctx.server(), cls, event, key, ctx.client().db);
}

void Notify(ServerState& server, uint32_t cls, std::string_view event, std::string_view key,
            const storage::Db& db) {
  if (!(server.config().notify_flags() & cls)) return;
  auto& store = server.store();
  for (int i = 0; i < store.num_dbs(); ++i)
    if (&store.db(i) == &db) return Notify(server, cls, event, key, i);
}

namespace {

std::atomic<ServerState*> g_installed{nullptr};

void OnKeyEvent(void* arg, const storage::Db& db, storage::KeyEvent ev, std::string_view key) {
  auto* server = static_cast<ServerState*>(arg);
  static constexpr struct {
    uint32_t cls;
    std::string_view name;
  } kEvents[] = {{notify::kExpired, "expired"},
                 {notify::kEvicted, "evicted"},
                 {notify::kNew, "new"},
                 {notify::kKeyMiss, "keymiss"}};
  const auto& e = kEvents[int(ev)];
  if (!(server->config().notify_flags() & e.cls)) return;
  Notify(*server, e.cls, e.name, key, db);
}

}  // namespace

void InstallKeyEvents(ServerState* server) {
  g_installed.store(server);
  storage::SetKeyEventHook(&OnKeyEvent, server);
}

void RemoveKeyEvents(ServerState* server) {
  ServerState* expect = server;
  if (g_installed.compare_exchange_strong(expect, nullptr))
    storage::SetKeyEventHook(nullptr, nullptr);
}

}  // namespace tessera::commands
