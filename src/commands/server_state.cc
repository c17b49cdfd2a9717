#include "commands/server_state.h"

#include "commands/blocking.h"
#include "commands/notify.h"
#include "commands/pubsub.h"
#include "commands/tracking.h"

#include "core/clock.h"
#include "core/strutil.h"
#include "storage/store.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <random>

namespace tessera::commands {

void ClientRegistry::WithIds(const std::function<void(FindFn, const void*)>& f) const {
  std::lock_guard lk(mu_);
  f(
      [](const void* reg, uint64_t id) -> ClientState* {
        const auto& m = *static_cast<const std::map<uint64_t, ClientState*>*>(reg);
        auto it = m.find(id);
        return it == m.end() ? nullptr : it->second;
      },
      &clients_);
}

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

void ServerStats::CountError(std::string_view code) {
  std::lock_guard lk(errors_mu_);
  auto it = errors_.find(code);
  if (it == errors_.end()) {
    if (errors_.size() >= 128) return;  // Redis caps the distinct error codes it tracks
    it = errors_.emplace(std::string(code), 0).first;
  }
  ++it->second;
}

std::vector<std::pair<std::string, uint64_t>> ServerStats::ErrorCounts() const {
  std::lock_guard lk(errors_mu_);
  return {errors_.begin(), errors_.end()};
}

void ServerStats::ResetErrors() {
  std::lock_guard lk(errors_mu_);
  errors_.clear();
}

void Slowlog::Record(const std::vector<std::string_view>& args, int64_t duration_us,
                     const ClientState& client, size_t max_len) {
  SlowlogEntry e;
  e.unix_time = NowMs() / 1000;
  e.duration_us = duration_us;
  size_t n = std::min<size_t>(args.size(), 32);
  for (size_t i = 0; i < n; ++i) {
    if (i == 31 && args.size() > 32) {
      e.args.push_back(StrCat("... (", args.size() - 31, " more arguments)"));
      break;
    }
    std::string_view a = args[i];
    if (a.size() > 128) e.args.push_back(StrCat(a.substr(0, 128), "... (", a.size() - 128, " more bytes)"));
    else e.args.emplace_back(a);
  }
  e.addr = client.addr;
  e.name = client.name();
  std::lock_guard lk(mu_);
  e.id = next_id_++;
  entries_.push_front(std::move(e));
  while (entries_.size() > max_len) entries_.pop_back();
}

std::vector<SlowlogEntry> Slowlog::Get(int64_t count) const {
  std::lock_guard lk(mu_);
  size_t n = count < 0 ? entries_.size() : std::min(entries_.size(), size_t(count));
  return {entries_.begin(), entries_.begin() + long(n)};
}

size_t Slowlog::Len() const {
  std::lock_guard lk(mu_);
  return entries_.size();
}

void Slowlog::Reset() {
  std::lock_guard lk(mu_);
  entries_.clear();
}

void LatencyMonitor::Record(std::string_view event, int64_t latency_ms) {
  std::lock_guard lk(mu_);
  auto it = events_.find(event);
  if (it == events_.end()) it = events_.emplace(std::string(event), LatencyEvent{}).first;
  LatencyEvent& ev = it->second;
  int64_t now = NowMs() / 1000;
  if (!ev.history.empty() && ev.history.back().unix_time == now) {
    ev.history.back().latency_ms = std::max(ev.history.back().latency_ms, latency_ms);
  } else {
    ev.history.push_back({now, latency_ms});
    if (ev.history.size() > 160) ev.history.erase(ev.history.begin());
  }
  ev.max_ms = std::max(ev.max_ms, latency_ms);
}

std::vector<std::pair<std::string, LatencyEvent>> LatencyMonitor::All() const {
  std::lock_guard lk(mu_);
  return {events_.begin(), events_.end()};
}

bool LatencyMonitor::History(std::string_view event, LatencyEvent* out) const {
  std::lock_guard lk(mu_);
  auto it = events_.find(event);
  if (it == events_.end()) return false;
  *out = it->second;
  return true;
}

size_t LatencyMonitor::Reset(const std::vector<std::string_view>& events) {
  std::lock_guard lk(mu_);
  if (events.empty()) {
    size_t n = events_.size();
    events_.clear();
    return n;
  }
  size_t n = 0;
  for (auto e : events) {
    auto it = events_.find(e);
    if (it != events_.end()) {
      events_.erase(it);
      ++n;
    }
  }
  return n;
}

void MonitorHub::Add(ClientState* c) {
  std::lock_guard lk(mu_);
  monitors_.push_back({c, {}});
  count_.store(int(monitors_.size()));
}

void MonitorHub::Remove(ClientState* c) {
  std::lock_guard lk(mu_);
  monitors_.erase(std::remove_if(monitors_.begin(), monitors_.end(),
                                 [c](const Monitor& m) { return m.client == c; }),
                  monitors_.end());
  count_.store(int(monitors_.size()));
}

namespace {
// Redis's sdscatrepr: a quoted string with \n \r \t \a \b \" \\ and \xHH escapes.
void AppendRepr(std::string* out, std::string_view s) {
  static const char kHex[] = "0123456789abcdef";
  out->push_back('"');
  for (unsigned char c : s) {
    switch (c) {
      case '\\': out->append("\\\\"); break;
      case '"': out->append("\\\""); break;
      case '\n': out->append("\\n"); break;
      case '\r': out->append("\\r"); break;
      case '\t': out->append("\\t"); break;
      case '\a': out->append("\\a"); break;
      case '\b': out->append("\\b"); break;
      default:
        if (c >= 0x20 && c < 0x7f) {
          out->push_back(char(c));
        } else {
          out->append("\\x");
          out->push_back(kHex[c >> 4]);
          out->push_back(kHex[c & 15]);
        }
    }
  }
  out->push_back('"');
}
}  // namespace

void MonitorHub::Feed(const ClientState& from, int db, const std::vector<std::string_view>& args) {
  int64_t us = NowUs();
  char ts[48];
  snprintf(ts, sizeof(ts), "+%lld.%06lld [", static_cast<long long>(us / 1000000),
           static_cast<long long>(us % 1000000));
  std::string line = StrCat(ts, db, " ", from.addr, "]");
  for (auto a : args) {
    line.push_back(' ');
    AppendRepr(&line, a);
  }
  line.append("\r\n");
  std::vector<ClientState::Waker> wakes;
  {
    std::lock_guard lk(mu_);
    for (auto& m : monitors_) {
      if (m.client == &from) continue;
      m.pending.append(line);
      wakes.push_back(m.client->waker);
    }
  }
  for (auto& w : wakes) w.Wake();
}

bool MonitorHub::Drain(ClientState* c, std::string* out) {
  std::lock_guard lk(mu_);
  for (auto& m : monitors_) {
    if (m.client != c || m.pending.empty()) continue;
    out->append(m.pending);
    m.pending.clear();
    return true;
  }
  return false;
}

int64_t MonitorHub::PendingBytes() {
  std::lock_guard lk(mu_);
  int64_t n = 0;
  for (const auto& m : monitors_) n += int64_t(m.pending.capacity());
  return n;
}

namespace {
std::string RandomHex40() {
  static const char kHex[] = "0123456789abcdef";
  std::random_device rd;
  std::string s(40, '0');
  for (char& c : s) c = kHex[rd() & 15];
  return s;
}
}  // namespace

ServerState::ServerState(Config& config, storage::Store& store)
    : startup_memory(store.StructureBytes()), run_id(RandomHex40()), replid(RandomHex40()),
      config_(config), store_(store), pubsub_(std::make_unique<PubSubHub>()),
      tracking_(std::make_unique<TrackingTable>(*this)),
      start_ms_(NowMs()) {
  InstallBlocking(this);
  InstallKeyEvents(this);
  InstallTracking(this);
  storage::InstallMemoryPolicy(&config.memory_policy());
}

ServerState::~ServerState() {
  RemoveKeyEvents(this);
  RemoveTracking(this);
  RemoveBlocking(this);
  storage::InstallMemoryPolicy(nullptr);
}

int64_t ServerState::MemoryForLimit() const {
  return store_.FastUsedMemory() + startup_memory +
         clients_memory.load(std::memory_order_relaxed);
}

int64_t ServerState::DatasetLimit(int64_t max) const {
  return std::max<int64_t>(0, max - startup_memory - clients_memory.load(std::memory_order_relaxed));
}

ServerState::MemoryFigures ServerState::Memory() {
  MemoryFigures m;
  m.dataset = store_.UsedMemory();
  m.startup = startup_memory;
  m.clients = clients_memory.load(std::memory_order_relaxed);
  m.used = m.dataset + m.startup + m.clients;
  int64_t peak = stats_.peak_memory.load(std::memory_order_relaxed);
  while (peak < m.used && !stats_.peak_memory.compare_exchange_weak(peak, m.used)) {}
  m.peak = std::max(peak, m.used);
  return m;
}

namespace {
// Redis's evictionTimeLimitUs: 50 us per tenacity point up to 10 (500 us), then growing by
// 15% a point; 100 means no limit (bounded here at 10 s).
int64_t EvictionBudgetUs(int64_t tenacity) {
  if (tenacity <= 10) return std::max<int64_t>(50 * tenacity, 1);
  if (tenacity < 100) return int64_t(500.0 * std::pow(1.15, double(tenacity - 10)));
  return 10'000'000;
}
}  // namespace

bool ServerState::MemoryAvailable() {
  int64_t max = config_.maxmemory();
  if (max <= 0) return true;
  store_.mem_counter().set_batch(std::clamp<int64_t>(max / 1024, 256, storage::MemCounter::kBatch));
  int64_t used = MemoryForLimit();
  if (used <= max) return true;
  bool none_left = false;
  int64_t budget = EvictionBudgetUs(config_.memory_policy().tenacity.load());
  store_.Evict(used - max, budget, &none_left, DatasetLimit(max));
  return !none_left || MemoryForLimit() <= max;
}

void ServerState::MemoryCron(int64_t budget_us) {
  int64_t total = 0;
  clients_.ForEach([&](ClientState& c) {
    total += int64_t(c.qbuf.load(std::memory_order_relaxed) + c.omem.load(std::memory_order_relaxed) +
                     c.pubsub_pending.load(std::memory_order_relaxed));
  });
  if (monitors_.active()) total += monitors_.PendingBytes();
  total += store_.WatchBytes();
  clients_memory.store(total, std::memory_order_relaxed);
  int64_t max = config_.maxmemory();
  if (max <= 0) return;
  int64_t used = MemoryForLimit();
  bool none_left = false;
  if (used > max) store_.Evict(used - max, budget_us, &none_left, DatasetLimit(max));
}

}  // namespace tessera::commands
