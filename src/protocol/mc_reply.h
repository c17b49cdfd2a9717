// Replies of memcached's text protocol, appended to a connection's output: status lines
// ("STORED", "END", ...) and VALUE blocks, whose data of 1 KB or more is referenced (as
// the RESP builder does) instead of copied.
//
// Threading: one per connection, used by its thread only.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/shared_bytes.h"

namespace tessera::protocol {

class McReply {
 public:
  McReply(std::string* out, OutputRefs* refs) : out_(out), refs_(refs) {}
  std::string* output() { return out_; }

  // `line` and "\r\n".
  void Line(std::string_view line) {
    out_->append(line);
    out_->append("\r\n");
  }
  void Number(uint64_t v) { Line(std::to_string(v)); }
  // "VALUE <key> <flags> <bytes>[ <cas>]\r\n<data>\r\n".
  void Value(std::string_view key, uint32_t flags, std::string_view data,
             const SharedBytes* owner, const uint64_t* cas) {
    out_->append("VALUE ");
    out_->append(key);
    out_->push_back(' ');
    out_->append(std::to_string(flags));
    out_->push_back(' ');
    out_->append(std::to_string(data.size()));
    if (cas) {
      out_->push_back(' ');
      out_->append(std::to_string(*cas));
    }
    out_->append("\r\n");
    Data(data, owner);
    out_->append("\r\n");
  }
  // Raw data bytes (a VALUE's or a meta VA's), referenced when large and owned.
  void Data(std::string_view data, const SharedBytes* owner) {
    if (owner && refs_ && data.size() >= kMinSharedReply) refs_->Add(out_->size(), data, owner);
    else out_->append(data);
  }

 private:
  std::string* out_;
  OutputRefs* refs_;
};

}  // namespace tessera::protocol
