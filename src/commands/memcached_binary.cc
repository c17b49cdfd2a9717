// memcached's binary protocol over db 0 (see memcached.h): each opcode's length checks,
// statuses and bodies follow memcached 1.6.18 as observed, through the same item ops and
// statistics as the text commands. Where 1.6.18 loses its framing (an unknown opcode with
// a body, VERBOSITY) Tessera answers "Unknown command" and stays in sync.
#include <string>

#include "commands/memcached.h"
#include "commands/memcached_internal.h"
#include "commands/server_state.h"
#include "core/config.h"
#include "storage/ops/keyspace_ops.h"
#include "storage/ops/string_ops.h"

namespace tessera::commands {
namespace {

using namespace protocol;  // the opcodes and statuses
using namespace mc;        // Count, Deadline, the Stat names
namespace sops = ops::string;

constexpr uint32_t kNoCreate = 0xFFFFFFFFu;  // an incr/decr expiration: do not create

// The command a quiet opcode is the silent form of (its successes get no response).
uint8_t BaseOp(uint8_t op, bool* quiet) {
  *quiet = true;
  switch (op) {
    case kBinGetQ: return kBinGet;
    case kBinGetKQ: return kBinGetK;
    case kBinSetQ: return kBinSet;
    case kBinAddQ: return kBinAdd;
    case kBinReplaceQ: return kBinReplace;
    case kBinDeleteQ: return kBinDelete;
    case kBinIncrQ: return kBinIncr;
    case kBinDecrQ: return kBinDecr;
    case kBinQuitQ: return kBinQuit;
    case kBinFlushQ: return kBinFlush;
    case kBinAppendQ: return kBinAppend;
    case kBinPrependQ: return kBinPrepend;
    case kBinGatQ: return kBinGat;
    case kBinGatKQ: return kBinGatK;
    default: *quiet = false; return op;
  }
}

std::string FlagsExtras(uint32_t flags) {
  std::string e;
  McBinPutU32(&e, flags);
  return e;
}

class BinCommand {
 public:
  BinCommand(const McBinRequest& req, McBinContext& ctx) : req_(req), h_(req.h), ctx_(ctx) {
    op_ = BaseOp(h_.opcode, &quiet_);
  }

  void Run();

 private:
  // A request whose lengths do not fit its opcode: memcached answers and hangs up.
  void Invalid() {
    ctx_.reply.Error(h_, kBinInvalid);
    ctx_.close = true;
  }
  void Error(uint16_t status) { ctx_.reply.Error(h_, status); }
  // A success, silent for a quiet opcode.
  void Ok(uint64_t cas = 0, std::string_view value = {}) {
    if (!quiet_) ctx_.reply.Send(h_, kBinOk, cas, {}, {}, value);
  }
  storage::Db& db() { return ctx_.server.store().db(0); }
  int64_t max_item() { return ctx_.server.config().max_item_size(); }

  void Get(bool with_key, bool touch);
  void Store();
  void Concat();
  void Delete();
  void Arith(bool incr);
  void Stat();

  const McBinRequest& req_;
  const McBinHeader& h_;
  McBinContext& ctx_;
  uint8_t op_;
  bool quiet_;
};

// GET GETK GETQ GETKQ, and with touch GAT GATK GATQ GATKQ TOUCH.
void BinCommand::Get(bool with_key, bool touch) {
  int64_t deadline = 0;
  if (touch) {
    if (h_.extlen != 4 || h_.keylen == 0 || h_.bodylen < h_.keylen + 4u) return Invalid();
    deadline = Deadline(McBinU32(req_.extras, 0));
    Count(kCmdTouch);
  } else {
    if (h_.extlen != 0 || h_.keylen == 0 || h_.bodylen != h_.keylen) return Invalid();
  }
  bool value = op_ != kBinTouch;
  bool hit = sops::GetItem(db(), req_.key, true, touch, deadline,
                           [&](const sops::ItemView& it) {
                             ctx_.reply.Send(h_, kBinOk, it.cas, FlagsExtras(it.flags),
                                             with_key ? req_.key : std::string_view(),
                                             value ? it.value : std::string_view(),
                                             value ? it.owner : nullptr);
                           });
  if (op_ != kBinTouch) Count(kCmdGet);
  if (touch) Count(hit ? kTouchHits : kTouchMisses);
  else Count(hit ? kGetHits : kGetMisses);
  if (hit || quiet_) return;
  if (with_key) return ctx_.reply.Send(h_, kBinKeyNotFound, 0, {}, req_.key, {});
  Error(kBinKeyNotFound);
}

// SET ADD REPLACE (and their Q forms); a CAS in the header makes any of them a cas.
void BinCommand::Store() {
  if (h_.extlen != 8 || h_.keylen == 0 || h_.bodylen < h_.keylen + 8u) return Invalid();
  uint32_t flags = McBinU32(req_.extras, 0);
  int64_t deadline = Deadline(McBinU32(req_.extras, 4));
  std::string_view key = req_.key;
  bool large = req_.too_large ||
               sops::McItemSize(key.size(), flags, req_.value_len()) > max_item();
  if (large || !ctx_.server.MemoryAvailable()) {
    Count(large ? kStoreTooLarge : kStoreNoMemory);
    if (op_ == kBinSet) ops::keyspace::Del(db(), absl::MakeConstSpan(&key, 1));
    return Error(large ? kBinTooLarge : kBinOutOfMemory);
  }
  Count(kCmdSet);
  sops::WithItem(db(), key, [&](sops::ItemHandle& it) {
    uint16_t status = kBinOk;
    if (h_.cas != 0) {
      status = !it.found() ? kBinKeyNotFound : it.cas() != h_.cas ? kBinKeyExists : kBinOk;
      Count(status == kBinOk ? kCasHits : status == kBinKeyExists ? kCasBadval : kCasMisses);
    } else if (op_ == kBinAdd && it.present()) {
      status = kBinKeyExists;
    } else if (op_ == kBinReplace && !it.present()) {
      status = kBinKeyNotFound;
    }
    if (status != kBinOk) return Error(status);
    it.Store(req_.value, flags, deadline);
    Count(kTotalItems);
    Ok(it.found() ? it.cas() : 0);
  });
}

// APPEND PREPEND: the item keeps its flags and deadline; a CAS in the header must match.
void BinCommand::Concat() {
  if (h_.extlen != 0 || h_.keylen == 0 || h_.bodylen < h_.keylen) return Invalid();
  if (req_.too_large || sops::McItemSize(h_.keylen, 0, req_.value_len()) > max_item())
    return Error(kBinTooLarge);
  if (!ctx_.server.MemoryAvailable()) {
    Count(kStoreNoMemory);
    return Error(kBinOutOfMemory);
  }
  Count(kCmdSet);
  sops::WithItem(db(), req_.key, [&](sops::ItemHandle& it) {
    if (!it.found()) return Error(kBinNotStored);
    if (h_.cas != 0 && it.cas() != h_.cas) return Error(kBinKeyExists);
    bool append = op_ == kBinAppend;
    std::string joined(append ? it.value() : req_.value);
    joined.append(append ? req_.value : it.value());
    if (sops::McItemSize(h_.keylen, it.flags(), joined.size()) > max_item())
      return Error(kBinNotStored);
    it.Store(joined, it.flags(), it.expire_at(), it.state());
    Count(kTotalItems);
    Ok(it.found() ? it.cas() : 0);
  });
}

// DELETE: any type goes; a CAS in the header must match.
void BinCommand::Delete() {
  if (h_.extlen != 0 || h_.keylen == 0 || h_.bodylen != h_.keylen) return Invalid();
  sops::WithItem(db(), req_.key, [&](sops::ItemHandle& it) {
    if (!it.present()) {
      Count(kDeleteMisses);
      return Error(kBinKeyNotFound);
    }
    if (h_.cas != 0 && (!it.found() || it.cas() != h_.cas)) return Error(kBinKeyExists);
    Count(kDeleteHits);
    it.Delete();
    Ok();
  });
}

// INCREMENT DECREMENT: extras are the delta, the initial value and an expiration
// (0xFFFFFFFF: a missing item is not created); the body of a success is the new value.
void BinCommand::Arith(bool incr) {
  if (h_.extlen != 20 || h_.keylen == 0 || h_.bodylen != h_.keylen + 20u) return Invalid();
  uint64_t delta = McBinU64(req_.extras, 0);
  uint64_t initial = McBinU64(req_.extras, 8);
  uint32_t expiration = McBinU32(req_.extras, 16);
  sops::WithItem(db(), req_.key, [&](sops::ItemHandle& it) {
    uint64_t v = 0;
    if (!it.present()) {
      if (expiration == kNoCreate) {
        Count(incr ? kIncrMisses : kDecrMisses);
        return Error(kBinKeyNotFound);
      }
      v = initial;
      it.Store(std::to_string(v), 0, Deadline(expiration));
    } else if (h_.cas != 0 && (!it.found() || it.cas() != h_.cas)) {
      return Error(kBinKeyExists);
    } else {
      std::string res;
      if (!it.found() || !sops::ApplyDelta(it.value(), delta, incr, &v, &res))
        return Error(kBinDeltaBadval);
      Count(incr ? kIncrHits : kDecrHits);
      it.Store(res, it.flags(), it.expire_at(), it.state());
    }
    std::string body;
    McBinPutU64(&body, v);
    Ok(it.found() ? it.cas() : 0, body);
  });
}

// STAT [group]: one response per statistic (key = name, value = value), then an empty one.
void BinCommand::Stat() {
  if (h_.extlen != 0 || h_.bodylen < h_.keylen) return Invalid();
  std::string_view group = req_.key;
  if (group.starts_with("reset")) group = "reset";  // memcached compares the prefix
  bool ok = EmitStats(ctx_.server, group, [&](std::string_view n, std::string_view v) {
    ctx_.reply.Send(h_, kBinOk, 0, {}, n, v);
  });
  if (!ok) return Error(kBinKeyNotFound);
  ctx_.reply.Send(h_, kBinOk, 0, {}, {}, {});
}

void BinCommand::Run() {
  // Keys are at most 250 bytes, in every command.
  if (h_.keylen > protocol::McParser::kMaxKey) return Invalid();
  bool empty = h_.extlen == 0 && h_.keylen == 0 && h_.bodylen == 0;
  switch (op_) {
    case kBinGet: return Get(false, false);
    case kBinGetK: return Get(true, false);
    case kBinGat: return Get(false, true);
    case kBinGatK: return Get(true, true);
    case kBinTouch: return Get(false, true);
    case kBinSet:
    case kBinAdd:
    case kBinReplace: return Store();
    case kBinAppend:
    case kBinPrepend: return Concat();
    case kBinDelete: return Delete();
    case kBinIncr: return Arith(true);
    case kBinDecr: return Arith(false);
    case kBinStat: return Stat();
    case kBinNoop:
      if (!empty) return Invalid();
      return ctx_.reply.Send(h_, kBinOk, 0, {}, {}, {});
    case kBinVersion:
      if (!empty) return Invalid();
      return ctx_.reply.Send(h_, kBinOk, 0, {}, {}, kVersion);
    case kBinQuit:
      if (!empty) return Invalid();
      Ok();
      ctx_.close = true;
      return;
    case kBinFlush: {
      if (h_.keylen != 0 || h_.bodylen != h_.extlen || (h_.extlen != 0 && h_.extlen != 4))
        return Invalid();
      Count(kCmdFlush);
      FlushAll(ctx_.server, h_.extlen == 4 ? int64_t(McBinU32(req_.extras, 0)) : 0);
      return Ok();
    }
    default:
      // SASL (not enabled), VERBOSITY (1.6.18 has none) and opcodes memcached lacks; a body
      // still to come is discarded by the parser.
      return Error(kBinUnknownCommand);
  }
}

}  // namespace

void McBinExecute(const protocol::McBinRequest& req, McBinContext& ctx) {
  BinCommand(req, ctx).Run();
}

}  // namespace tessera::commands
