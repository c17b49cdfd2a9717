#include "commands/server_state.h"

#include "core/clock.h"

namespace tessera::commands {

void ClientRegistry::Add(ClientState* c) {
  std::lock_guard lk(mu_);
  clients_[c->id] = c;
}

void ClientRegistry::Remove(ClientState* c) {
  std::lock_guard lk(mu_);
  clients_.erase(c->id);
}

size_t ClientRegistry::Count() const {
  std::lock_guard lk(mu_);
  return clients_.size();
}

void ClientRegistry::ForEach(const std::function<void(ClientState&)>& f) const {
  std::lock_guard lk(mu_);
  for (auto& [id, c] : clients_) f(*c);
}

ServerState::ServerState(Config& config, storage::Store& store)
    : config_(config), store_(store), start_ms_(NowMs()) {}

}  // namespace tessera::commands
