// Keyspace notifications (notify-keyspace-events): an event on a key is published, as Redis
// does, to `__keyspace@<db>__:<key>` with the event as the message (class K) and to
// `__keyevent@<db>__:<event>` with the key as the message (class E), when the event's
// class is enabled. Handlers call Notify after a change succeeded, with Redis's event name;
// storage reports expiry and eviction itself (storage/store.h KeyEvent), through the hook
// installed here. With notifications off, Notify is one relaxed load and a branch.
//
// Threading: any thread; callers may hold shard locks (publishing takes only the Pub/Sub
// hub's and the subscribers' locks, which never wait for a shard).
#pragma once

#include <cstdint>
#include <string_view>

#include "core/config.h"

namespace tessera::storage {
class Db;
}

namespace tessera::commands {

class ServerState;
class CommandContext;

void Notify(ServerState& server, uint32_t cls, std::string_view event, std::string_view key,
            int db);
// The event on `key` in the client's current db.
void Notify(CommandContext& ctx, uint32_t cls, std::string_view event, std::string_view key);
// The event on `key` in `db` (one of the server's dbs).
void Notify(ServerState& server, uint32_t cls, std::string_view event, std::string_view key,
            const storage::Db& db);
// Whether an event of this class would be delivered (to skip work that only feeds Notify).
bool NotifyWanted(const ServerState& server, uint32_t cls);

// Installs storage's key-event hook for this server (expired, evicted); RemoveKeyEvents
// uninstalls it if it is this server's.
void InstallKeyEvents(ServerState* server);
void RemoveKeyEvents(ServerState* server);

}  // namespace tessera::commands
