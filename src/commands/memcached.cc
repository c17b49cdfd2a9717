// memcached 1.6's text protocol over db 0 (see memcached.h). Reply strings, argument
// checks and their order follow memcached 1.6.18 as observed (tests/integration's
// memcached differential script compares the two byte for byte).
#include "commands/memcached.h"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstring>
#include <memory>
#include <mutex>
#include <new>
#include <string>
#include <vector>

#include "commands/memcached_internal.h"
#include "commands/server_state.h"
#include "core/clock.h"
#include "core/config.h"
#include "storage/ops/keyspace_ops.h"
#include "storage/ops/string_ops.h"

namespace tessera::commands {
namespace {

using protocol::McRequest;
using protocol::McParser;
using Frame = McRequest::Frame;
namespace sops = ops::string;
using sops::ItemMode;
using sops::ItemResult;
using storage::Entry;
using namespace mc;  // Count, Deadline, the Stat names

constexpr std::string_view kBadFormat = "CLIENT_ERROR bad command line format";
constexpr std::string_view kBadExptime = "CLIENT_ERROR invalid exptime argument";
constexpr std::string_view kNoMemory = "SERVER_ERROR out of memory storing object";

storage::Db& Db0(McContext& ctx) { return ctx.server.store().db(0); }

// memcached's set_noreply_maybe: a last token "noreply" silences the reply, errors too.
bool NoReply(const std::vector<std::string_view>& t) { return t.back() == "noreply"; }

class Replier {
 public:
  Replier(McContext& ctx, bool noreply) : ctx_(ctx), noreply_(noreply) {}
  void Line(std::string_view s) {
    if (!noreply_) ctx_.reply.Line(s);
  }

 private:
  McContext& ctx_;
  bool noreply_;
};

// set add replace append prepend cas <key> <flags> <exptime> <bytes> [<cas>] [noreply]
void CmdStore(const McRequest& req, McContext& ctx, ItemMode mode) {
  const auto& t = req.tokens;
  Replier r(ctx, NoReply(t));
  switch (req.frame) {
    case Frame::kBadLength: return r.Line(kBadFormat);
    case Frame::kTooLarge:
    case Frame::kData:
      if (req.frame == Frame::kTooLarge || !ctx.server.MemoryAvailable()) {
        bool large = req.frame == Frame::kTooLarge;
        Count(large ? kStoreTooLarge : kStoreNoMemory);
        if (mode == ItemMode::kSet) {  // memcached drops the old value of a refused set
          std::string_view key = t[1];
          ops::keyspace::Del(Db0(ctx), absl::MakeConstSpan(&key, 1));
        }
        return r.Line(large ? "SERVER_ERROR object too large for cache" : kNoMemory);
      }
      break;
    case Frame::kBadChunk: return r.Line("CLIENT_ERROR bad data chunk");
    default: break;
  }
  uint32_t flags = 0;
  int32_t exptime = 0;
  uint64_t cas = 0;
  protocol::ParseMcFlags(t[2], &flags);  // the parser checked all three
  protocol::ParseMcInt32(t[3], &exptime);
  if (mode == ItemMode::kCas) protocol::ParseMcU64(t[5], &cas);
  Count(kCmdSet);
  ItemResult res = sops::StoreItem(Db0(ctx), t[1], req.data, flags, Deadline(exptime), mode,
                                   cas, ctx.server.config().max_item_size());
  if (mode == ItemMode::kCas)
    Count(res == ItemResult::kStored ? kCasHits
          : res == ItemResult::kExists ? kCasBadval : kCasMisses);
  if (res == ItemResult::kStored) Count(kTotalItems);
  switch (res) {
    case ItemResult::kStored: return r.Line("STORED");
    case ItemResult::kNotStored: return r.Line("NOT_STORED");
    case ItemResult::kExists: return r.Line("EXISTS");
    default: return r.Line("NOT_FOUND");
  }
}

// get gets <key>* / gat gats <exptime> <key>*
void CmdGet(const McRequest& req, McContext& ctx, bool with_cas, bool touch) {
  const auto& t = req.tokens;
  size_t first = touch ? 2 : 1;
  if (t.size() < 2) return ctx.reply.Line("ERROR");  // "gat <exptime>" alone gets END
  int64_t deadline = 0;
  if (touch) {
    int32_t ex;
    if (!protocol::ParseMcInt32(t[1], &ex)) return ctx.reply.Line(kBadExptime);
    deadline = Deadline(ex);
  }
  for (size_t i = first; i < t.size(); ++i)
    if (t[i].size() > McParser::kMaxKey) return ctx.reply.Line(kBadFormat);
  storage::Db& db = Db0(ctx);
  for (size_t i = first; i < t.size(); ++i) {
    std::string_view key = t[i];
    bool hit = sops::GetItem(db, key, with_cas, touch, deadline,
                             [&](const sops::ItemView& it) {
                               ctx.reply.Value(key, it.flags, it.value, it.owner,
                                               with_cas ? &it.cas : nullptr);
                             });
    Count(kCmdGet);
    Count(hit ? kGetHits : kGetMisses);
    if (touch) {
      Count(kCmdTouch);
      Count(hit ? kTouchHits : kTouchMisses);
    }
  }
  ctx.reply.Line("END");
}

// delete <key> [0] [noreply]
void CmdDelete(const McRequest& req, McContext& ctx) {
  const auto& t = req.tokens;
  if (t.size() < 2 || t.size() > 4) return ctx.reply.Line("ERROR");
  bool noreply = NoReply(t);
  Replier r(ctx, noreply);
  if (t.size() > 2) {
    bool zero = t[2] == "0";
    bool ok = (t.size() == 3 && (zero || noreply)) || (t.size() == 4 && zero && noreply);
    if (!ok) return r.Line("CLIENT_ERROR bad command line format.  Usage: delete <key> [noreply]");
  }
  if (t[1].size() > McParser::kMaxKey) return r.Line(kBadFormat);
  std::string_view key = t[1];
  bool hit = ops::keyspace::Del(Db0(ctx), absl::MakeConstSpan(&key, 1)) > 0;
  Count(hit ? kDeleteHits : kDeleteMisses);
  r.Line(hit ? "DELETED" : "NOT_FOUND");
}

// incr decr <key> <delta> [noreply]
void CmdIncr(const McRequest& req, McContext& ctx, bool incr) {
  const auto& t = req.tokens;
  if (t.size() != 3 && t.size() != 4) return ctx.reply.Line("ERROR");
  Replier r(ctx, NoReply(t));
  if (t[1].size() > McParser::kMaxKey) return r.Line(kBadFormat);
  uint64_t delta;
  if (!protocol::ParseMcU64(t[2], &delta))
    return r.Line("CLIENT_ERROR invalid numeric delta argument");
  uint64_t v = 0;
  ItemResult res = sops::IncrItem(Db0(ctx), t[1], delta, incr, &v);
  if (res == ItemResult::kNotFound) {
    Count(incr ? kIncrMisses : kDecrMisses);
    return r.Line("NOT_FOUND");
  }
  if (res == ItemResult::kNonNumeric)
    return r.Line("CLIENT_ERROR cannot increment or decrement non-numeric value");
  Count(incr ? kIncrHits : kDecrHits);
  r.Line(std::to_string(v));
}

// touch <key> <exptime> [noreply]
void CmdTouch(const McRequest& req, McContext& ctx) {
  const auto& t = req.tokens;
  if (t.size() != 3 && t.size() != 4) return ctx.reply.Line("ERROR");
  Replier r(ctx, NoReply(t));
  if (t[1].size() > McParser::kMaxKey) return r.Line(kBadFormat);
  int32_t ex;
  if (!protocol::ParseMcInt32(t[2], &ex)) return r.Line(kBadExptime);
  Count(kCmdTouch);
  bool hit = sops::TouchItem(Db0(ctx), t[1], Deadline(ex)) == ItemResult::kStored;
  Count(hit ? kTouchHits : kTouchMisses);
  r.Line(hit ? "TOUCHED" : "NOT_FOUND");
}

// flush_all [delay] [noreply]
void CmdFlushAll(const McRequest& req, McContext& ctx) {
  const auto& t = req.tokens;
  if (t.size() > 3) return ctx.reply.Line("ERROR");
  bool noreply = t.size() > 1 && t.back() == "noreply";
  Replier r(ctx, noreply);
  Count(kCmdFlush);
  int32_t delay = 0;
  if (t.size() == (noreply ? 3u : 2u) && !protocol::ParseMcInt32(t[1], &delay))
    return r.Line(kBadExptime);
  mc::FlushAll(ctx.server, delay);
  r.Line("OK");
}

// verbosity <level> [noreply]
void CmdVerbosity(const McRequest& req, McContext& ctx) {
  const auto& t = req.tokens;
  if (t.size() != 2 && t.size() != 3) return ctx.reply.Line("ERROR");
  Replier r(ctx, NoReply(t));
  uint32_t level;
  if (!protocol::ParseMcFlags(t[1], &level)) return r.Line(kBadFormat);
  mc::SetVerbosity(level);
  r.Line("OK");
}

// stats [<group>]
void CmdStats(const McRequest& req, McContext& ctx) {
  const auto& t = req.tokens;
  std::string_view group = t.size() > 1 ? t[1] : std::string_view();
  if (t.size() > 2 && group != "detail") return ctx.reply.Line("ERROR");
  bool ok = mc::EmitStats(ctx.server, group, [&](std::string_view n, std::string_view v) {
    std::string line = "STAT ";
    line.append(n).append(" ").append(v);
    ctx.reply.Line(line);
  });
  if (!ok) return ctx.reply.Line("ERROR");
  ctx.reply.Line(group == "reset" ? "RESET" : "END");
}

// cache_memlimit <megabytes> [noreply]
void CmdMemLimit(const McRequest& req, McContext& ctx) {
  const auto& t = req.tokens;
  if (t.size() != 2 && t.size() != 3) return ctx.reply.Line("ERROR");
  Replier r(ctx, NoReply(t));
  uint32_t mb;
  if (!protocol::ParseMcFlags(t[1], &mb)) return r.Line("ERROR");
  if (mb < 8) return r.Line("MEMLIMIT_TOO_SMALL cannot set maxbytes to less than 8m");
  if (mb > 1000000000)
    return r.Line("MEMLIMIT_ADJUST_FAILED input value is megabytes not bytes");
  mc::SetMemLimit(ctx.server, mb);
  r.Line("OK");
}

// ---- the meta commands (mg ms md ma mn me)

bool Base64Decode(std::string_view in, std::string* out) {
  auto val = [](char c) -> int {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
  };
  if (in.empty() || in.size() % 4 != 0) return false;
  out->clear();
  for (size_t i = 0; i < in.size(); i += 4) {
    int v[4];
    int pad = 0;
    for (int j = 0; j < 4; ++j) {
      char c = in[i + size_t(j)];
      if (c == '=' && i + 4 == in.size() && j >= 2) {
        v[j] = 0;
        ++pad;
      } else if (pad > 0 || (v[j] = val(c)) < 0) {
        return false;
      }
    }
    uint32_t n = uint32_t(v[0] << 18 | v[1] << 12 | v[2] << 6 | v[3]);
    out->push_back(char(n >> 16));
    if (pad < 2) out->push_back(char(n >> 8 & 0xFF));
    if (pad < 1) out->push_back(char(n & 0xFF));
  }
  return true;
}

std::string Base64Encode(std::string_view in) {
  static const char* kAlphabet =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  for (size_t i = 0; i < in.size(); i += 3) {
    uint32_t n = uint32_t(uint8_t(in[i])) << 16;
    if (i + 1 < in.size()) n |= uint32_t(uint8_t(in[i + 1])) << 8;
    if (i + 2 < in.size()) n |= uint32_t(uint8_t(in[i + 2]));
    out.push_back(kAlphabet[n >> 18 & 63]);
    out.push_back(kAlphabet[n >> 12 & 63]);
    out.push_back(i + 1 < in.size() ? kAlphabet[n >> 6 & 63] : '=');
    out.push_back(i + 2 < in.size() ? kAlphabet[n & 63] : '=');
  }
  return out;
}

// A meta command's flags: which were given (in order, for the reply) and their tokens.
struct MetaFlags {
  std::string order;  // the flags as given
  bool Has(char f) const { return order.find(f) != std::string::npos; }
  std::string_view opaque;
  int32_t ttl_n = 0, ttl_r = 0, ttl_t = 0;  // N R T
  uint64_t cas_c = 0, delta_d = 1, init_j = 0;  // C D J
  uint32_t client_f = 0;  // F
  char mode = 0;  // M
};

enum class MetaCmd { kGet, kSet, kDelete, kArith };

// Every flag some meta command has: a command accepts the others' flags and ignores them.
constexpr const char* kMetaFlags = "bcCDfFhIJklMNOPLqRstTuv";

// Parses tokens[from..] as memcached 1.6.18 does for `cmd`; false with the error sent.
bool ParseMetaFlags(const std::vector<std::string_view>& t, size_t from, MetaCmd cmd,
                    McContext& ctx, MetaFlags* f) {
  // md and ma report every flag problem with one text.
  bool one_error = cmd == MetaCmd::kDelete || cmd == MetaCmd::kArith;
  auto fail = [&](std::string_view msg) {
    ctx.reply.Line(one_error ? "CLIENT_ERROR invalid or duplicate flag" : msg);
    return false;
  };
  size_t max = cmd == MetaCmd::kSet ? McParser::kMaxMetaSetFlags : 17;
  if (t.size() > from + max) {
    ctx.reply.Line(cmd == MetaCmd::kGet ? "CLIENT_ERROR options flags are too long"
                                        : "CLIENT_ERROR options flags too long");
    return false;
  }
  // The flags each command reads (tokens of the others are not looked at).
  const char* own = cmd == MetaCmd::kGet      ? "NRT"
                    : cmd == MetaCmd::kSet    ? "TCFM"
                    : cmd == MetaCmd::kDelete ? "CT"
                                              : "CNJDTM";
  for (size_t i = from; i < t.size(); ++i) {
    char c = t[i][0];
    std::string_view tok = t[i].substr(1);
    if (!strchr(kMetaFlags, c)) return fail("CLIENT_ERROR invalid flag");
    if (f->Has(c)) return fail("CLIENT_ERROR duplicate flag");
    f->order.push_back(c);
    if (c == 'O') {
      if (tok.size() > 31) {
        ctx.reply.Line("CLIENT_ERROR opaque token too long");
        return false;
      }
      f->opaque = tok;
      continue;
    }
    if (!strchr(own, c)) continue;
    bool ok = true;
    switch (c) {
      case 'N': ok = protocol::ParseMcInt32(tok, &f->ttl_n); break;
      case 'R': ok = protocol::ParseMcInt32(tok, &f->ttl_r); break;
      case 'T': ok = protocol::ParseMcInt32(tok, &f->ttl_t); break;
      case 'C': ok = protocol::ParseMcU64(tok, &f->cas_c); break;
      case 'D': ok = protocol::ParseMcU64(tok, &f->delta_d); break;
      case 'J': ok = protocol::ParseMcU64(tok, &f->init_j); break;
      case 'F':
        if (!protocol::ParseMcFlags(tok, &f->client_f)) return fail(kBadFormat);
        break;
      case 'M': {
        bool set = cmd == MetaCmd::kSet;
        if (tok.size() != 1)
          return fail("CLIENT_ERROR incorrect length for M token");
        if (std::string_view(set ? "EAPRS" : "ID+-").find(tok[0]) == std::string_view::npos) {
          ctx.reply.Line(set ? "CLIENT_ERROR invalid mode for ms M token"
                             : "CLIENT_ERROR invalid mode for ma M token");
          return false;
        }
        f->mode = tok[0];
        break;
      }
      default:
        break;
    }
    if (!ok) return fail("CLIENT_ERROR bad token in command line format");
  }
  return true;
}

// The key of a meta command (base64-decoded with b); false with the error sent.
bool MetaKey(std::string_view token, const MetaFlags& f, McContext& ctx, std::string* key,
             std::string_view decode_error = "CLIENT_ERROR error decoding key") {
  if (token.size() > McParser::kMaxKey) {
    ctx.reply.Line(kBadFormat);
    return false;
  }
  if (!f.Has('b')) {
    key->assign(token);
    return true;
  }
  if (!Base64Decode(token, key)) {
    ctx.reply.Line(decode_error);
    return false;
  }
  return true;
}

int64_t Ttl(int64_t expire_at) {
  if (expire_at == 0) return -1;
  return std::max<int64_t>(0, (expire_at - FastClock::NowMs() + 999) / 1000);
}

// Appends return flag c when it is k (the key as sent, " b" after a base64 one) or O.
void AppendKO(std::string* line, char c, const MetaFlags& f, std::string_view key_token) {
  if (c == 'k') {
    line->append(" k").append(key_token);
    if (f.Has('b')) line->append(" b");
  } else if (c == 'O') {
    line->append(" O").append(f.opaque);
  }
}

// The k and O return flags, in request order: all a miss or a failure reports.
void KeyAndOpaque(std::string* line, const MetaFlags& f, std::string_view key_token) {
  for (char c : f.order) AppendKO(line, c, f, key_token);
}

uint32_t AgeSeconds(uint32_t stamp) { return uint32_t(storage::IdleMs(stamp) / 1000); }

// mg <key> <flags>*
void CmdMetaGet(const McRequest& req, McContext& ctx) {
  const auto& t = req.tokens;
  if (t.size() < 2) return ctx.reply.Line("ERROR");
  MetaFlags f;
  std::string key;
  if (!ParseMetaFlags(t, 2, MetaCmd::kGet, ctx, &f) || !MetaKey(t[1], f, ctx, &key)) return;
  bool quiet = f.Has('q');
  Count(kCmdGet);
  sops::WithItem(Db0(ctx), key, [&](sops::ItemHandle& h) {
    bool won = false;
    bool fetched_before = false;
    uint32_t age = 0;
    if (!h.found()) {
      Count(kGetMisses);
      if (!f.Has('N')) {
        if (quiet) return;
        std::string line = "EN";
        KeyAndOpaque(&line, f, t[1]);
        return ctx.reply.Line(line);
      }
      // Vivify: an empty item with N's TTL, and this client wins the recache.
      h.Store("", 0, Deadline(f.ttl_n),
              uint8_t(Entry::kMcWinSent | (f.Has('b') ? Entry::kMcBinaryKey : 0)));
      if (!h.found()) return ctx.reply.Line("EN");
      won = true;
    } else {
      Count(kGetHits);
      fetched_before = h.state() & Entry::kMcFetched;
      age = AgeSeconds(h.prior_access());
      if (f.Has('T')) h.SetExpire(Deadline(f.ttl_t));
      if (!h.found()) return ctx.reply.Line("EN");
      if (f.Has('R') && !(h.state() & Entry::kMcWinSent) && h.expire_at() != 0 &&
          Ttl(h.expire_at()) < f.ttl_r)
        won = true;
    }
    uint8_t state = h.state();
    bool sent = (state & Entry::kMcWinSent) && !won;
    bool stale = state & Entry::kMcStale;
    if (stale && !sent) won = true;
    std::string line = f.Has('v') ? "VA " + std::to_string(h.value().size()) : "HD";
    for (char c : f.order) {
      switch (c) {
        case 'c': line.append(" c").append(std::to_string(h.cas())); break;
        case 'f': line.append(" f").append(std::to_string(h.flags())); break;
        case 'h': line.append(fetched_before ? " h1" : " h0"); break;
        case 'k':  // a key stored in base64 comes back so, whatever this request used
          if (h.state() & Entry::kMcBinaryKey)
            line.append(" k").append(Base64Encode(key)).append(" b");
          else
            line.append(" k").append(key);
          break;
        case 'l': line.append(" l").append(std::to_string(age)); break;
        case 'O': AppendKO(&line, c, f, t[1]); break;
        case 's': line.append(" s").append(std::to_string(h.value().size())); break;
        case 't': line.append(" t").append(std::to_string(Ttl(h.expire_at()))); break;
        default: break;
      }
    }
    if (sent) line.append(" Z");
    if (stale) line.append(" X");
    if (won) line.append(" W");
    if (!f.Has('u')) {
      h.Bump();
      state |= Entry::kMcFetched;
    }
    if (won) state |= Entry::kMcWinSent;
    h.set_state(state);
    ctx.reply.Line(line);
    if (f.Has('v')) {
      ctx.reply.Data(h.value(), h.owner());
      ctx.reply.output()->append("\r\n");
    }
  });
}

// ms <key> <datalen> <flags>*  (the data block is in req.data)
void CmdMetaSet(const McRequest& req, McContext& ctx) {
  const auto& t = req.tokens;
  if (t.size() < 3 || req.frame == Frame::kBadLength) {
    if (t.size() > 3 + McParser::kMaxMetaSetFlags)
      return ctx.reply.Line("CLIENT_ERROR options flags too long");
    return ctx.reply.Line(kBadFormat);
  }
  if (req.frame == Frame::kBadChunk) return ctx.reply.Line("CLIENT_ERROR bad data chunk");
  if (req.frame == Frame::kTooLarge) {
    Count(kStoreTooLarge);
    MetaFlags f;
    std::string key;
    for (size_t i = 3; i < t.size(); ++i)
      if (t[i] == "b") f.order = "b";
    if (MetaKey(t[1], f, ctx, &key)) {  // the old value goes, in any mode
      ops::keyspace::Del(Db0(ctx), absl::MakeConstSpan(std::vector<std::string_view>{key}));
      ctx.reply.Line("SERVER_ERROR object too large for cache");
    }
    return;
  }
  MetaFlags f;
  std::string key;
  if (!ParseMetaFlags(t, 3, MetaCmd::kSet, ctx, &f) || !MetaKey(t[1], f, ctx, &key)) return;
  if (!ctx.server.MemoryAvailable()) {  // the old value goes, as for a value too large
    Count(kStoreNoMemory);
    ops::keyspace::Del(Db0(ctx), absl::MakeConstSpan(std::vector<std::string_view>{key}));
    return ctx.reply.Line(kNoMemory);
  }
  Count(kCmdSet);
  char mode = f.Has('M') ? char(f.mode & ~0x20) : 'S';  // upper case
  sops::WithItem(Db0(ctx), key, [&](sops::ItemHandle& h) {
    std::string_view code = "HD";
    bool invalidate = false;
    if (f.Has('C')) {
      if (!h.found()) {
        code = "NF";
      } else if (h.cas() != f.cas_c) {
        // I: an older CAS still stores, marking the item stale.
        if (f.Has('I') && f.cas_c < h.cas()) invalidate = true;
        else code = "EX";
      }
    }
    bool joins = mode == 'A' || mode == 'P';
    std::string joined;
    if (code == "HD") {
      if ((mode == 'E' && h.found()) || ((joins || mode == 'R') && !h.found())) code = "NS";
    }
    if (code == "HD" && joins) {  // append/prepend: NS past the item size limit
      joined.assign(mode == 'A' ? h.value() : req.data);
      joined.append(mode == 'A' ? req.data : h.value());
      if (sops::McItemSize(key.size(), h.flags(), joined.size()) >
          ctx.server.config().max_item_size())
        code = "NS";
    }
    if (code == "HD") {
      uint8_t state = invalidate ? uint8_t(h.state() | Entry::kMcStale) : 0;
      if (f.Has('b')) state |= Entry::kMcBinaryKey;
      else state &= uint8_t(~Entry::kMcBinaryKey);
      if (joins) {
        h.Store(joined, h.flags(), h.expire_at(), state);
      } else {
        h.Store(req.data, f.client_f, f.Has('T') ? Deadline(f.ttl_t) : 0, state);
      }
      Count(kTotalItems);
      if (f.Has('q')) return;
    }
    std::string line(code);
    for (char c : f.order) {
      if (c == 'c') line.append(" c").append(code == "HD" ? std::to_string(h.cas()) : "0");
      else AppendKO(&line, c, f, t[1]);
    }
    ctx.reply.Line(line);
  });
}

// md <key> <flags>*
void CmdMetaDelete(const McRequest& req, McContext& ctx) {
  const auto& t = req.tokens;
  if (t.size() < 2) return ctx.reply.Line("ERROR");
  MetaFlags f;
  std::string key;
  if (!ParseMetaFlags(t, 2, MetaCmd::kDelete, ctx, &f) ||
      !MetaKey(t[1], f, ctx, &key, "CLIENT_ERROR invalid or duplicate flag"))
    return;
  sops::WithItem(Db0(ctx), key, [&](sops::ItemHandle& h) {
    std::string line;
    if (!h.found()) {
      Count(kDeleteMisses);
      line = "NF";
    } else if (f.Has('C') && h.cas() != f.cas_c) {
      line = "EX";
    } else {
      Count(kDeleteHits);
      if (f.Has('I')) {  // stale, with a new CAS (and T's TTL) instead of gone
        h.set_state(uint8_t((h.state() | Entry::kMcStale) & ~Entry::kMcWinSent));
        h.NewCas();
        if (f.Has('T')) h.SetExpire(Deadline(f.ttl_t));
      } else {
        h.Delete();
      }
      if (f.Has('q')) return;
      line = "HD";
    }
    KeyAndOpaque(&line, f, t[1]);
    ctx.reply.Line(line);
  });
}

// ma <key> <flags>*
void CmdMetaArith(const McRequest& req, McContext& ctx) {
  const auto& t = req.tokens;
  if (t.size() < 2) return ctx.reply.Line("ERROR");
  MetaFlags f;
  std::string key;
  if (!ParseMetaFlags(t, 2, MetaCmd::kArith, ctx, &f) ||
      !MetaKey(t[1], f, ctx, &key, "CLIENT_ERROR invalid or duplicate flag"))
    return;
  bool incr = !f.Has('M') || f.mode == 'I' || f.mode == 'i' || f.mode == '+';
  sops::WithItem(Db0(ctx), key, [&](sops::ItemHandle& h) {
    std::string line;
    uint64_t v = 0;
    bool quiet = f.Has('q');
    if (!h.found()) {
      Count(incr ? kIncrMisses : kDecrMisses);
      if (!f.Has('N')) {
        line = "NF";
        KeyAndOpaque(&line, f, t[1]);
        return ctx.reply.Line(line);
      }
      v = f.init_j;  // created with J's value; the delta is not applied
      h.Store(std::to_string(v), 0, Deadline(f.Has('T') ? f.ttl_t : f.ttl_n));
      quiet = false;  // memcached answers a created item even with q
    } else if (f.Has('C') && h.cas() != f.cas_c) {
      line = "EX";
      KeyAndOpaque(&line, f, t[1]);
      return ctx.reply.Line(line);
    } else {
      std::string res;
      if (!sops::ApplyDelta(h.value(), f.delta_d, incr, &v, &res))
        return ctx.reply.Line("CLIENT_ERROR cannot increment or decrement non-numeric value");
      Count(incr ? kIncrHits : kDecrHits);
      int64_t at = f.Has('T') ? Deadline(f.ttl_t) : h.expire_at();
      h.Store(res, h.flags(), at, h.state());
    }
    if (quiet || !h.found()) return;
    std::string num = std::to_string(v);
    line = f.Has('v') ? "VA " + std::to_string(num.size()) : "HD";
    for (char c : f.order) {
      if (c == 't') line.append(" t").append(std::to_string(Ttl(h.expire_at())));
      else if (c == 'c') line.append(" c").append(std::to_string(h.cas()));
      else AppendKO(&line, c, f, t[1]);
    }
    ctx.reply.Line(line);
    if (f.Has('v')) ctx.reply.Line(num);
  });
}

// memcached's default slab classes (-n 48, factor 1.25): the class an item's size falls in.
int SlabClass(int64_t size) {
  int64_t chunk = 96;
  int cls = 1;
  while (chunk < size && cls < 63) {
    chunk = (chunk * 5 / 4 + 7) & ~int64_t(7);
    ++cls;
  }
  return cls;
}

// me <key> [b]
void CmdMetaDebug(const McRequest& req, McContext& ctx) {
  const auto& t = req.tokens;
  if (t.size() < 2 || t.size() > 3) return ctx.reply.Line(kBadFormat);
  MetaFlags f;
  if (t.size() > 2 && t[2] == "b") f.order = "b";
  std::string key;
  if (!MetaKey(t[1], f, ctx, &key, kBadFormat)) return;
  sops::WithItem(Db0(ctx), key, [&](sops::ItemHandle& h) {
    if (!h.found()) return ctx.reply.Line("EN");
    int64_t size = 59 + int64_t(key.size()) + (h.flags() ? 4 : 0) + int64_t(h.value().size());
    std::string line = "ME ";
    line.append((h.state() & Entry::kMcBinaryKey) ? Base64Encode(key) : key);
    line.append(" exp=").append(std::to_string(Ttl(h.expire_at())));
    line.append(" la=").append(std::to_string(AgeSeconds(h.prior_access())));
    line.append(" cas=").append(std::to_string(h.cas()));
    line.append((h.state() & Entry::kMcFetched) ? " fetch=yes" : " fetch=no");
    line.append(" cls=").append(std::to_string(SlabClass(size)));
    line.append(" size=").append(std::to_string(size));
    ctx.reply.Line(line);
  });
}

void Execute(const McRequest& req, McContext& ctx) {
  const auto& t = req.tokens;
  if (t.empty()) return ctx.reply.Line("ERROR");
  std::string_view c = t[0];
  if (req.frame != Frame::kLine) {  // the parser framed a storage command
    if (c == "set") return CmdStore(req, ctx, ItemMode::kSet);
    if (c == "add") return CmdStore(req, ctx, ItemMode::kAdd);
    if (c == "replace") return CmdStore(req, ctx, ItemMode::kReplace);
    if (c == "append") return CmdStore(req, ctx, ItemMode::kAppend);
    if (c == "prepend") return CmdStore(req, ctx, ItemMode::kPrepend);
    if (c == "cas") return CmdStore(req, ctx, ItemMode::kCas);
    return CmdMetaSet(req, ctx);
  }
  if (c == "get") return CmdGet(req, ctx, false, false);
  if (c == "gets") return CmdGet(req, ctx, true, false);
  if (c == "gat") return CmdGet(req, ctx, false, true);
  if (c == "gats") return CmdGet(req, ctx, true, true);
  if (c == "delete") return CmdDelete(req, ctx);
  if (c == "incr") return CmdIncr(req, ctx, true);
  if (c == "decr") return CmdIncr(req, ctx, false);
  if (c == "touch") return CmdTouch(req, ctx);
  if (c == "flush_all") return CmdFlushAll(req, ctx);
  if (c == "verbosity") return CmdVerbosity(req, ctx);
  if (c == "stats") return CmdStats(req, ctx);
  if (c == "version") return ctx.reply.Line(std::string("VERSION ") + kVersion);
  if (c == "cache_memlimit") return CmdMemLimit(req, ctx);
  if (c == "mn") return ctx.reply.Line("MN");
  if (c == "mg") return CmdMetaGet(req, ctx);
  if (c == "md") return CmdMetaDelete(req, ctx);
  if (c == "ma") return CmdMetaArith(req, ctx);
  if (c == "me") return CmdMetaDebug(req, ctx);
  if (c == "ms") return ctx.reply.Line(t.size() == 1 ? "ERROR" : kBadFormat);  // no length
  if (c == "shutdown") return ctx.reply.Line("ERROR: shutdown not enabled");
  if (c == "quit") {
    ctx.close = true;
    return;
  }
  ctx.reply.Line("ERROR");
}

}  // namespace

void McExecute(const McRequest& req, McContext& ctx) {
  try {
    Execute(req, ctx);
  } catch (const std::bad_alloc&) {  // see Dispatch: nothing was changed half-way
    ctx.reply.Line("SERVER_ERROR out of memory storing object");
  }
}

}  // namespace tessera::commands
