// Large values by reference: the reply builder's placement of referenced values, the
// gathering of output pieces for one write, and copy-on-write of a referenced value.
#include "core/shared_bytes.h"

#include <gtest/gtest.h>
#include <sys/uio.h>

#include <string>

#include "net/connection.h"
#include "protocol/reply_builder.h"
#include "storage/entry.h"

namespace tessera {
namespace {

// The bytes a write of the whole output would put on the wire, gathered from `off` on with
// at most max_iov pieces per call, as the engines do after short writes.
std::string Wire(const std::string& out, const OutputRefs& refs, size_t off = 0,
                 size_t max_iov = net::kMaxOutputIov) {
  std::string wire;
  size_t total = out.size() + refs.bytes();
  while (off < total) {
    iovec iov[net::kMaxOutputIov];
    size_t n = net::GatherOutput(out, refs, off, iov, max_iov);
    EXPECT_GT(n, 0u);
    if (n == 0) break;
    for (size_t i = 0; i < n; ++i) {
      wire.append(static_cast<const char*>(iov[i].iov_base), iov[i].iov_len);
      off += iov[i].iov_len;
    }
  }
  return wire;
}

TEST(SharedBytesTest, LargeBulkIsReferencedSmallIsCopied) {
  const SharedBytes* big = SharedBytes::New(std::string(kMinSharedReply, 'b'));
  const SharedBytes* small = SharedBytes::New(std::string(kMinSharedReply - 1, 's'));
  std::string out;
  OutputRefs refs;
  protocol::ReplyBuilder rb(&out);
  rb.set_refs(&refs);
  rb.StartArray(3);
  rb.SendBulk(big->str(), big);
  rb.SendBulk(small->str(), small);
  rb.SendBulk(std::string_view(big->str()).substr(10, kMinSharedReply - 20), big);  // copied
  ASSERT_EQ(refs.count(), 1u);
  EXPECT_EQ(refs.bytes(), kMinSharedReply);
  EXPECT_FALSE(big->unique());   // the output holds a reference
  EXPECT_TRUE(small->unique());  // copied: no reference
  std::string expect = "*3\r\n$" + std::to_string(kMinSharedReply) + "\r\n" + big->str() +
                       "\r\n$" + std::to_string(small->str().size()) + "\r\n" + small->str() +
                       "\r\n$" + std::to_string(kMinSharedReply - 20) + "\r\n" +
                       big->str().substr(10, kMinSharedReply - 20) + "\r\n";
  EXPECT_EQ(Wire(out, refs), expect);
  // Without a refs list the builder copies.
  std::string plain;
  protocol::ReplyBuilder copy(&plain);
  copy.SendBulk(big->str(), big);
  EXPECT_EQ(plain, "$" + std::to_string(kMinSharedReply) + "\r\n" + big->str() + "\r\n");
  refs.Clear();
  EXPECT_TRUE(big->unique());
  big->Unref();
  small->Unref();
}

TEST(SharedBytesTest, GatherResumesAnywhereAndCapsPieces) {
  const SharedBytes* v = SharedBytes::New("0123456789");
  std::string out;
  OutputRefs refs;
  // "<A>" ref "<B>" ref ref "<C>": adjacent references and a reference at the very start.
  refs.Add(0, v->str(), v);
  out += "<A>";
  refs.Add(out.size(), std::string_view(v->str()).substr(2, 3), v);
  out += "<B>";
  refs.Add(out.size(), v->str(), v);
  refs.Add(out.size(), std::string_view(v->str()).substr(9), v);
  out += "<C>";
  const std::string expect = "0123456789<A>234<B>01234567899<C>";
  for (size_t off = 0; off <= expect.size(); ++off) {
    EXPECT_EQ(Wire(out, refs, off), expect.substr(off)) << "from offset " << off;
    EXPECT_EQ(Wire(out, refs, off, 1), expect.substr(off)) << "one piece a time from " << off;
    EXPECT_EQ(Wire(out, refs, off, 2), expect.substr(off)) << "two pieces a time from " << off;
  }
  // CLIENT REPLY OFF drops the references of the dropped replies.
  refs.Truncate(1);
  out.resize(3);
  EXPECT_EQ(Wire(out, refs), "0123456789<A>");
  EXPECT_EQ(refs.bytes(), 10u);
  refs.Clear();
  EXPECT_TRUE(v->unique());
  v->Unref();
}

TEST(SharedBytesTest, ChangingAReferencedValueCopiesIt) {
  const std::string value(1000, 'x');
  storage::Entry::Spec spec;
  spec.key = "k";
  spec.enc = storage::Encoding::kHeap;
  spec.str_value = value;
  storage::Entry* e = storage::Entry::Create(spec);
  ASSERT_NE(e, nullptr);
  const SharedBytes* before = e->SharedValue();
  ASSERT_NE(before, nullptr);
  // Not referenced by any reply: changed in place.
  e->MutableHeapValue()->append("y");
  EXPECT_EQ(e->SharedValue(), before);
  // A queued reply holds the value: a change goes to a copy, the reply keeps the old bytes.
  OutputRefs refs;
  refs.Add(0, before->str(), before);
  e->MutableHeapValue()->append("z");
  EXPECT_NE(e->SharedValue(), before);
  EXPECT_EQ(before->str(), std::string(1000, 'x') + "y");
  EXPECT_EQ(e->SharedValue()->str(), std::string(1000, 'x') + "yz");
  EXPECT_TRUE(before->unique());  // only the reply's reference is left
  // The entry goes; the reply's bytes stay valid until the reply is sent.
  storage::Entry::Destroy(e);
  EXPECT_EQ(refs[0].size, 1001u);
  EXPECT_EQ(std::string(refs[0].data, refs[0].size), std::string(1000, 'x') + "y");
}

}  // namespace
}  // namespace tessera
