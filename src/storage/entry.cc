#include "storage/entry.h"

#include <malloc.h>

#include <cstdlib>
#include <new>

#include "core/strutil.h"

namespace tessera::storage {

namespace {
constexpr size_t kHeader = 16;

template <typename T>
T Load(const unsigned char* p) {
  T v;
  memcpy(&v, p, sizeof(T));
  return v;
}
template <typename T>
void Store(unsigned char* p, T v) {
  memcpy(p, &v, sizeof(T));
}
}  // namespace

size_t Entry::OptionsSize() const {
  uint8_t f = flags();
  return ((f & kHasExpire) ? 8 : 0) + ((f & kHasMcMeta) ? 12 : 0) + ((f & kLongKey) ? 4 : 0);
}

size_t Entry::KeyOffset() const { return kHeader + OptionsSize(); }

std::string_view Entry::key() const {
  size_t len = base()[10];
  if (flags() & kLongKey) len = Load<uint32_t>(base() + KeyOffset() - 4);
  return {reinterpret_cast<const char*>(base()) + KeyOffset(), len};
}

size_t Entry::ValueOffset() const { return KeyOffset() + key().size(); }

int64_t Entry::expire_at() const {
  return has_expire() ? Load<int64_t>(base() + kHeader) : 0;
}
void Entry::set_expire_at(int64_t ms) { Store<int64_t>(base() + kHeader, ms); }

uint32_t Entry::mc_flags() const {
  if (!has_mc()) return 0;
  return Load<uint32_t>(base() + kHeader + (has_expire() ? 8 : 0));
}
uint64_t Entry::cas() const {
  if (!has_mc()) return 0;
  return Load<uint64_t>(base() + kHeader + (has_expire() ? 8 : 0) + 4);
}
void Entry::set_cas(uint64_t cas) {
  if (has_mc()) Store<uint64_t>(base() + kHeader + (has_expire() ? 8 : 0) + 4, cas);
}

void Entry::set_mc_flags(uint32_t flags) {
  if (has_mc()) Store<uint32_t>(base() + kHeader + (has_expire() ? 8 : 0), flags);
}

int64_t Entry::int_value() const { return Load<int64_t>(base() + ValueOffset()); }
void Entry::set_int_value(int64_t v) { Store<int64_t>(base() + ValueOffset(), v); }

std::string_view Entry::inline_value() const {
  const unsigned char* p = base() + ValueOffset();
  size_t len = p[0];
  size_t hdr = 1;
  if (len == 0xFF) {
    len = Load<uint32_t>(p + 1);
    hdr = 5;
  }
  return {reinterpret_cast<const char*>(p + hdr), len};
}

const SharedBytes* Entry::heap_value() const {
  return Load<const SharedBytes*>(base() + ValueOffset());
}

std::string* Entry::MutableHeapValue() {
  const SharedBytes* cur = heap_value();
  if (!cur->unique()) {
    const SharedBytes* copy = SharedBytes::New(cur->str());
    Store<const SharedBytes*>(base() + ValueOffset(), copy);
    cur->Unref();
    cur = copy;
  }
  // The sole reference is the entry's, held under the shard lock.
  return &const_cast<SharedBytes*>(cur)->mutable_str();
}
Object* Entry::object() const { return Load<Object*>(base() + ValueOffset()); }

std::string_view Entry::StringValue(char* buf) const {
  switch (enc()) {
    case Encoding::kInt: return {buf, FormatInt64(int_value(), buf)};
    case Encoding::kInline: return inline_value();
    case Encoding::kHeap: return heap_value()->str();
    default: return {};
  }
}

namespace testing {
thread_local int t_fail_creates = 0;
void FailEntryCreates(int n) { t_fail_creates = n; }
}  // namespace testing

Entry* Entry::Create(const Spec& s) {
  if (testing::t_fail_creates > 0) {  // tests: the allocator's failure, on demand
    --testing::t_fail_creates;
    return nullptr;
  }
  bool long_key = s.key.size() >= 255;
  size_t opts = (s.has_expire ? 8 : 0) + (s.has_mc ? 12 : 0) + (long_key ? 4 : 0);
  size_t value_size = 8;
  if (s.enc == Encoding::kInline)
    value_size = (s.str_value.size() < 255 ? 1 : 5) + s.str_value.size();
  size_t total = kHeader + opts + s.key.size() + value_size;
  auto* p = static_cast<unsigned char*>(malloc(total));
  if (!p) return nullptr;
  memset(p, 0, kHeader);
  p[8] = uint8_t((uint8_t(s.type) << 4) | uint8_t(s.enc));
  p[9] = uint8_t((s.has_expire ? kHasExpire : 0) | (s.has_mc ? kHasMcMeta : 0) |
                 (long_key ? kLongKey : 0) | (s.mutated ? kMutated : 0) |
                 (s.small_fifo ? kSmallFifo : 0));
  p[10] = long_key ? 255 : uint8_t(s.key.size());
  p[11] = s.mc_state;
  Store<uint32_t>(p + 12, s.access);
  unsigned char* q = p + kHeader;
  if (s.has_expire) { Store<int64_t>(q, s.expire_at); q += 8; }
  if (s.has_mc) { Store<uint32_t>(q, s.mc_flags); Store<uint64_t>(q + 4, s.cas); q += 12; }
  if (long_key) { Store<uint32_t>(q, uint32_t(s.key.size())); q += 4; }
  if (!s.key.empty()) memcpy(q, s.key.data(), s.key.size());
  q += s.key.size();
  switch (s.enc) {
    case Encoding::kInt: Store<int64_t>(q, s.int_value); break;
    case Encoding::kInline:
      if (s.str_value.size() < 255) {
        *q++ = uint8_t(s.str_value.size());
      } else {
        *q++ = 0xFF;
        Store<uint32_t>(q, uint32_t(s.str_value.size()));
        q += 4;
      }
      if (!s.str_value.empty()) memcpy(q, s.str_value.data(), s.str_value.size());
      break;
    case Encoding::kHeap: {
      const SharedBytes* str = s.heap_value;
      if (!str) str = SharedBytes::New(std::string(s.str_value));
      Store<const SharedBytes*>(q, str);
      break;
    }
    case Encoding::kObject: Store<Object*>(q, s.object); break;
  }
  return reinterpret_cast<Entry*>(p);
}

void Entry::Destroy(Entry* e) {
  if (!e) return;
  if (e->enc() == Encoding::kHeap) e->heap_value()->Unref();
  else if (e->enc() == Encoding::kObject) delete e->object();
  free(e);
}

namespace {
// A Spec with meta's key and metadata and e's value: shared (moved) or deep-copied.
Entry::Spec SpecWithValue(const Entry* e, const Entry::Spec& meta, bool deep) {
  Entry::Spec s = meta;
  s.type = e->type();
  s.enc = e->enc();
  s.mutated = e->mutated();
  switch (e->enc()) {
    case Encoding::kInt: s.int_value = e->int_value(); break;
    case Encoding::kInline: s.str_value = e->inline_value(); break;
    case Encoding::kHeap:  // Create copies str_value into a new string; heap_value moves
      if (deep) s.str_value = e->heap_value()->str();
      else s.heap_value = e->heap_value();
      break;
    case Encoding::kObject: s.object = deep ? e->object()->Clone() : e->object(); break;
  }
  return s;
}
}  // namespace

Entry* Entry::MoveWithMeta(Entry* e, const Spec& meta) {
  Entry* n = Create(SpecWithValue(e, meta, false));
  // e no longer owns its value: as an int entry, Destroy/FreeShell free nothing else.
  if (n) e->base()[8] = uint8_t((uint8_t(e->type()) << 4) | uint8_t(Encoding::kInt));
  return n;
}

void Entry::FreeShell(Entry* e) { free(e); }

Entry* Entry::CopyWithMeta(const Entry* e, const Spec& meta) {
  return Create(SpecWithValue(e, meta, true));
}

size_t Entry::MemoryUsage() const {
  return malloc_usable_size(const_cast<Entry*>(this)) + ValueMemoryUsage();
}

size_t Entry::ValueMemoryUsage() const {
  if (enc() == Encoding::kHeap) return sizeof(SharedBytes) + heap_value()->HeapBytes();
  if (enc() == Encoding::kObject) return object()->MemoryUsage();
  return 0;
}

Entry::Spec Entry::MetaSpec() const {
  Spec s;
  s.key = key();
  s.type = type();
  s.has_expire = has_expire();
  s.expire_at = expire_at();
  s.has_mc = has_mc();
  s.mc_flags = mc_flags();
  s.cas = cas();
  s.access = access();
  s.small_fifo = small_fifo();
  s.mc_state = mc_state();
  return s;
}

}  // namespace tessera::storage
