#include "protocol/reply_builder.h"

#include <cstring>

#include <cmath>
#include <cstdio>

#include "core/strutil.h"

namespace tessera::protocol {

void ReplyBuilder::AppendHeader(char prefix, int64_t n) {
  char buf[32];
  buf[0] = prefix;
  size_t len = 1 + FormatInt64(n, buf + 1);
  buf[len++] = '\r';
  buf[len++] = '\n';
  out_->append(buf, len);
}

void ReplyBuilder::SendSimple(std::string_view s) {
  out_->push_back('+');
  out_->append(s);
  out_->append("\r\n");
}

void ReplyBuilder::SendError(std::string_view msg) {
  ++errors_sent_;
  out_->push_back('-');
  bool has_code = !msg.empty() && msg[0] >= 'A' && msg[0] <= 'Z';
  if (has_code) {
    size_t sp = msg.find(' ');
    std::string_view code = msg.substr(0, sp);
    for (char c : code)
      if (!(c >= 'A' && c <= 'Z')) has_code = false;
  }
  if (!has_code) out_->append("ERR ");
  if (error_hook_) error_hook_(error_hook_arg_, has_code ? msg.substr(0, msg.find(' ')) : "ERR");
  size_t start = out_->size();
  out_->append(msg);
  for (size_t i = start; i < out_->size(); ++i)
    if ((*out_)[i] == '\r' || (*out_)[i] == '\n') (*out_)[i] = ' ';
  out_->append("\r\n");
}

void ReplyBuilder::SendLong(int64_t v) { AppendHeader(':', v); }

void ReplyBuilder::SendBulk(std::string_view s) {
  if (s.size() <= 256) {  // the usual small value: one append of the whole reply
    char buf[256 + 32];
    buf[0] = '$';
    size_t len = 1 + FormatInt64(int64_t(s.size()), buf + 1);
    buf[len++] = '\r';
    buf[len++] = '\n';
    memcpy(buf + len, s.data(), s.size());
    len += s.size();
    buf[len++] = '\r';
    buf[len++] = '\n';
    out_->append(buf, len);
    return;
  }
  AppendHeader('$', int64_t(s.size()));
  out_->append(s);
  out_->append("\r\n");
}

void ReplyBuilder::SendBulkRef(std::string_view s, const SharedBytes* owner) {
  AppendHeader('$', int64_t(s.size()));
  refs_->Add(out_->size(), s, owner);
  out_->append("\r\n");
}

void ReplyBuilder::SendNull() { out_->append(resp3_ ? "_\r\n" : "$-1\r\n"); }
void ReplyBuilder::SendNullArray() { out_->append(resp3_ ? "_\r\n" : "*-1\r\n"); }

void ReplyBuilder::SendDouble(double d) {
  if (resp3_) {
    out_->push_back(',');
    if (std::isinf(d)) out_->append(d > 0 ? "inf" : "-inf");
    else if (std::isnan(d)) out_->append("nan");
    else out_->append(FormatDouble(d));
    out_->append("\r\n");
  } else {
    SendBulk(FormatDouble(d));
  }
}

void ReplyBuilder::SendDoubleText(std::string_view text) {
  if (!resp3_) return SendBulk(text);
  out_->push_back(',');
  out_->append(text);
  out_->append("\r\n");
}

void ReplyBuilder::SendBool(bool b) {
  if (resp3_) out_->append(b ? "#t\r\n" : "#f\r\n");
  else out_->append(b ? ":1\r\n" : ":0\r\n");
}

void ReplyBuilder::SendVerbatim(std::string_view s, std::string_view format) {
  if (!resp3_) return SendBulk(s);
  AppendHeader('=', int64_t(s.size() + 4));
  out_->append(format.substr(0, 3));
  out_->push_back(':');
  out_->append(s);
  out_->append("\r\n");
}

void ReplyBuilder::StartArray(size_t n) { AppendHeader('*', int64_t(n)); }
void ReplyBuilder::StartMap(size_t n) {
  if (resp3_) AppendHeader('%', int64_t(n));
  else AppendHeader('*', int64_t(2 * n));
}
void ReplyBuilder::StartSet(size_t n) { AppendHeader(resp3_ ? '~' : '*', int64_t(n)); }
void ReplyBuilder::StartPush(size_t n) { AppendHeader(resp3_ ? '>' : '*', int64_t(n)); }

void ReplyBuilder::SendBulkArray(const std::string_view* items, size_t n) {
  StartArray(n);
  for (size_t i = 0; i < n; ++i) SendBulk(items[i]);
}

}  // namespace tessera::protocol
