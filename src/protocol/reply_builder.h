// One reply builder for RESP2 and RESP3. Handlers call semantic methods (SendNull, StartMap,
// SendDouble, SendBool, ...); the downgrade to RESP2 happens here, in one place:
//   map -> flat array of 2n, set/push -> array, null -> $-1 (or *-1 for null arrays),
//   double -> bulk string, bool -> integer 1/0, verbatim -> bulk string.
// Replies are appended to the connection's output buffer; the net layer flushes the buffer
// once per read batch.
//
// Threading: a builder belongs to one connection and is used by its thread only.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/shared_bytes.h"

namespace tessera::protocol {

class ReplyBuilder {
 public:
  explicit ReplyBuilder(std::string* out) : out_(out) {}

  void set_resp_version(int v) { resp3_ = (v == 3); }
  int resp_version() const { return resp3_ ? 3 : 2; }
  bool resp3() const { return resp3_; }
  void set_output(std::string* out) { out_ = out; }
  std::string* output() { return out_; }
  // Where large values go by reference (SendBulk with an owner); without it they are copied.
  void set_refs(OutputRefs* refs) { refs_ = refs; }
  // How much output there is now, and dropping what came after it (a reply abandoned
  // half-way, e.g. when the allocator failed).
  struct Mark {
    size_t out = 0;
    size_t refs = 0;
  };
  Mark mark() const { return {out_->size(), refs_ ? refs_->count() : 0}; }
  void Rewind(const Mark& m) {
    if (refs_) refs_->Truncate(m.refs);
    if (out_->size() > m.out) out_->resize(m.out);
  }

  void SendOk() { out_->append("+OK\r\n"); }
  void SendSimple(std::string_view s);
  // `msg` is the full error text ("ERR ...", "WRONGTYPE ..."); a text without an upper-case
  // code gets "ERR " in front, as Redis does. CR/LF inside become spaces.
  void SendError(std::string_view msg);
  void SendLong(int64_t v);
  void SendBulk(std::string_view s);
  // s lies in owner's bytes (owner may be null): a large s is referenced, not copied.
  void SendBulk(std::string_view s, const SharedBytes* owner) {
    if (owner && refs_ && s.size() >= kMinSharedReply) return SendBulkRef(s, owner);
    SendBulk(s);
  }
  void SendNull();       // a missing value: $-1 in RESP2
  void SendNullArray();  // a missing aggregate: *-1 in RESP2
  void SendDouble(double d);
  // A double already formatted (GEOPOS's coordinates): RESP3 double, RESP2 bulk string.
  void SendDoubleText(std::string_view text);
  void SendBool(bool b);
  void SendVerbatim(std::string_view s, std::string_view format = "txt");
  void StartArray(size_t n);
  void StartMap(size_t n);  // n pairs
  void StartSet(size_t n);
  void StartPush(size_t n);
  void SendEmptyArray() { StartArray(0); }
  void SendBulkArray(const std::string_view* items, size_t n);

  // Error replies sent so far (commandstats' failed_calls compares before/after).
  uint64_t errors_sent() const { return errors_sent_; }
  // Called with the error code ("ERR", "WRONGTYPE", ...) of every error sent (errorstats).
  using ErrorHook = void (*)(void* arg, std::string_view code);
  void set_error_hook(ErrorHook hook, void* arg) {
    error_hook_ = hook;
    error_hook_arg_ = arg;
  }

 private:
  void AppendHeader(char prefix, int64_t n);
  void SendBulkRef(std::string_view s, const SharedBytes* owner);

  std::string* out_;
  OutputRefs* refs_ = nullptr;
  bool resp3_ = false;
  uint64_t errors_sent_ = 0;
  ErrorHook error_hook_ = nullptr;
  void* error_hook_arg_ = nullptr;
};

}  // namespace tessera::protocol
