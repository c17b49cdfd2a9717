#include "net/connection.h"

#include <sys/uio.h>

namespace tessera::net {

size_t GatherOutput(const std::string& out, const OutputRefs& refs, size_t off, iovec* iov,
                    size_t max_iov) {
  size_t n = 0;
  size_t pos = 0;  // output offset where the current piece starts
  size_t from = 0;  // offset in `out` of the next string piece
  auto add = [&](const char* p, size_t len) {
    if (len == 0 || n == max_iov) return;
    if (pos + len > off) {
      size_t skip = off > pos ? off - pos : 0;
      iov[n].iov_base = const_cast<char*>(p + skip);
      iov[n].iov_len = len - skip;
      ++n;
    }
    pos += len;
  };
  for (size_t i = 0; i < refs.count() && n < max_iov; ++i) {
    const OutputRef& r = refs[i];
    add(out.data() + from, r.at - from);
    from = r.at;
    add(r.data, r.size);
  }
  add(out.data() + from, out.size() - from);
  return n;
}

}  // namespace tessera::net
