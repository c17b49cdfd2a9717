// Large values sent without a copy.
//
// A big string value lives in a SharedBytes: a byte string with a reference count. The
// store holds one reference; a reply that sends the value takes another instead of copying
// the bytes into the connection's output, and drops it once the kernel has sent them. So a
// GET of a 1 MB value costs a reference, not a 1 MB copy, and the value stays valid when
// the key is overwritten or deleted while the reply is still queued.
//
// OutputRefs is the part of a connection's output that is not in its output string: the
// referenced values, each placed at a byte offset of the string. The bytes on the wire are
// out[0, r0.at) r0 out[r0.at, r1.at) r1 ... out[rn.at, end).
//
// Threading: the count is atomic because a reference is dropped on the connection's thread
// while the store's owner may be any thread. A reference is only taken under the shard
// lock of the key that holds the value, so a value whose count is 1 under that lock cannot
// gain readers meanwhile, and may be changed in place; otherwise it is copied first.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tessera {

class SharedBytes {
 public:
  static SharedBytes* New(std::string s) { return new SharedBytes(std::move(s)); }
  SharedBytes(const SharedBytes&) = delete;
  SharedBytes& operator=(const SharedBytes&) = delete;

  const std::string& str() const { return s_; }
  // Only for the holder of the sole reference (unique()).
  std::string& mutable_str() { return s_; }
  bool unique() const { return refs_.load(std::memory_order_acquire) == 1; }
  const SharedBytes* Ref() const {
    refs_.fetch_add(1, std::memory_order_relaxed);
    return this;
  }
  void Unref() const {
    if (refs_.fetch_sub(1, std::memory_order_acq_rel) == 1) delete this;
  }
  // Allocator bytes beyond the object itself (memory accounting).
  size_t HeapBytes() const { return s_.capacity() > 15 ? s_.capacity() + 1 : 0; }

 private:
  explicit SharedBytes(std::string s) : s_(std::move(s)) {}
  ~SharedBytes() = default;

  mutable std::atomic<uint32_t> refs_{1};
  std::string s_;
};

// Replies at least this long are sent from the value itself (below it, copying the bytes is
// cheaper than the reference and the extra piece of the gathered write).
inline constexpr size_t kMinSharedReply = 1024;

struct OutputRef {
  size_t at;          // offset in the output string before which these bytes go
  const char* data;   // inside owner's bytes
  size_t size;
  const SharedBytes* owner;
};

class OutputRefs {
 public:
  OutputRefs() = default;
  OutputRefs(const OutputRefs&) = delete;
  OutputRefs& operator=(const OutputRefs&) = delete;
  ~OutputRefs() { Clear(); }

  bool empty() const { return refs_.empty(); }
  size_t count() const { return refs_.size(); }
  size_t bytes() const { return bytes_; }  // of all the referenced pieces
  const OutputRef& operator[](size_t i) const { return refs_[i]; }

  // Takes a reference to owner.
  void Add(size_t at, std::string_view data, const SharedBytes* owner) {
    refs_.push_back({at, data.data(), data.size(), owner->Ref()});
    bytes_ += data.size();
  }
  // Drops the pieces after the first `count`.
  void Truncate(size_t count) {
    while (refs_.size() > count) {
      bytes_ -= refs_.back().size;
      refs_.back().owner->Unref();
      refs_.pop_back();
    }
  }
  void Clear() { Truncate(0); }
  void swap(OutputRefs& o) {
    refs_.swap(o.refs_);
    std::swap(bytes_, o.bytes_);
  }

 private:
  std::vector<OutputRef> refs_;
  size_t bytes_ = 0;
};

}  // namespace tessera
