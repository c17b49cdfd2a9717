// mc_load: a closed-loop load generator for memcached's text protocol (memtier-style), for
// tools/bench_memcached.py. One thread drives C connections over epoll, each keeping P
// requests in flight (pipelining), and counts complete replies.
//
//   mc_load --port 11211 --conns 50 --pipeline 16 --requests 1000000 --test get
//           [--datasize 16] [--keyspace 100000] [--mget 16] [--sequential]
//
// Tests: set, get, mget (one "get" of --mget keys per request). Keys are key:%010d, drawn
// uniformly from the keyspace (or in order with --sequential, to fill a server). Prints
// one line: requests, seconds, requests/s, and the replies that were errors.
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>
#include <string_view>
#include <vector>

namespace {

struct Options {
  std::string host = "127.0.0.1";
  int port = 11211;
  int conns = 50;
  int pipeline = 1;
  long long requests = 100000;
  std::string test = "get";
  int datasize = 16;
  long long keyspace = 100000;
  int mget = 16;
  bool sequential = false;
};

struct Conn {
  int fd = -1;
  std::string out;
  size_t out_off = 0;
  std::string in;
  size_t in_off = 0;
  int in_flight = 0;
  long long value_left = -1;  // bytes of a VALUE's data (and its CRLF) still to skip
};

Options opt;
std::string value;
std::mt19937_64 rng(12345);
long long next_key = 0, sent = 0, done = 0, errors = 0;

std::string Key() {
  long long k = opt.sequential ? next_key++ % opt.keyspace
                               : (long long)(rng() % (unsigned long long)opt.keyspace);
  char buf[32];
  snprintf(buf, sizeof(buf), "key:%010lld", k);
  return buf;
}

void AddRequest(Conn& c) {
  if (opt.test == "set") {
    c.out += "set " + Key() + " 0 0 " + std::to_string(value.size()) + "\r\n";
    c.out += value;
    c.out += "\r\n";
  } else if (opt.test == "mget") {
    c.out += "get";
    for (int i = 0; i < opt.mget; ++i) c.out += " " + Key();
    c.out += "\r\n";
  } else {
    c.out += "get " + Key() + "\r\n";
  }
  ++c.in_flight;
  ++sent;
}

// Consumes complete replies from c.in; returns how many ended.
int ParseReplies(Conn& c) {
  int n = 0;
  for (;;) {
    if (c.value_left >= 0) {
      size_t avail = c.in.size() - c.in_off;
      if ((long long)avail < c.value_left) {
        c.value_left -= (long long)avail;
        c.in_off = c.in.size();
        break;
      }
      c.in_off += size_t(c.value_left);
      c.value_left = -1;
    }
    size_t nl = c.in.find("\r\n", c.in_off);
    if (nl == std::string::npos) break;
    std::string_view line(c.in.data() + c.in_off, nl - c.in_off);
    c.in_off = nl + 2;
    if (line.substr(0, 6) == "VALUE ") {
      size_t sp = line.rfind(' ');
      c.value_left = atoll(std::string(line.substr(sp + 1)).c_str()) + 2;
      continue;
    }
    if (line != "END" && line != "STORED") ++errors;
    ++n;
  }
  if (c.in_off == c.in.size()) {
    c.in.clear();
    c.in_off = 0;
  } else if (c.in_off > 65536) {
    c.in.erase(0, c.in_off);
    c.in_off = 0;
  }
  return n;
}

bool Flush(Conn& c) {
  while (c.out_off < c.out.size()) {
    ssize_t w = ::write(c.fd, c.out.data() + c.out_off, c.out.size() - c.out_off);
    if (w < 0) return errno == EAGAIN;
    c.out_off += size_t(w);
  }
  c.out.clear();
  c.out_off = 0;
  return true;
}

int Usage() {
  fprintf(stderr,
          "usage: mc_load [--host H] [--port P] [--conns C] [--pipeline P] [--requests N]\n"
          "               [--test get|set|mget] [--datasize D] [--keyspace K] [--mget M]\n"
          "               [--sequential]\n");
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto next = [&]() -> const char* { return i + 1 < argc ? argv[++i] : nullptr; };
    const char* v = nullptr;
    if (a == "--sequential") { opt.sequential = true; continue; }
    if (!(v = next())) return Usage();
    if (a == "--host") opt.host = v;
    else if (a == "--port") opt.port = atoi(v);
    else if (a == "--conns") opt.conns = atoi(v);
    else if (a == "--pipeline") opt.pipeline = atoi(v);
    else if (a == "--requests") opt.requests = atoll(v);
    else if (a == "--test") opt.test = v;
    else if (a == "--datasize") opt.datasize = atoi(v);
    else if (a == "--keyspace") opt.keyspace = atoll(v);
    else if (a == "--mget") opt.mget = atoi(v);
    else return Usage();
  }
  if (opt.conns < 1 || opt.pipeline < 1 || opt.requests < 1 || opt.keyspace < 1 ||
      opt.mget < 1 || opt.datasize < 0)
    return Usage();
  value.assign(size_t(opt.datasize), 'x');
  int ep = epoll_create1(0);
  std::vector<Conn> conns(size_t(opt.conns));
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(uint16_t(opt.port));
  inet_pton(AF_INET, opt.host.c_str(), &addr.sin_addr);
  for (size_t i = 0; i < conns.size(); ++i) {
    Conn& c = conns[i];
    c.fd = socket(AF_INET, SOCK_STREAM, 0);
    if (connect(c.fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0) {
      perror("connect");
      return 1;
    }
    int one = 1;
    setsockopt(c.fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    fcntl(c.fd, F_SETFL, fcntl(c.fd, F_GETFL) | O_NONBLOCK);
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.u64 = i;
    epoll_ctl(ep, EPOLL_CTL_ADD, c.fd, &ev);
  }
  auto start = std::chrono::steady_clock::now();
  for (Conn& c : conns) {
    while (c.in_flight < opt.pipeline && sent < opt.requests) AddRequest(c);
    if (!Flush(c)) return 1;
  }
  std::vector<epoll_event> events(conns.size());
  char buf[65536];
  while (done < opt.requests) {
    int n = epoll_wait(ep, events.data(), int(events.size()), 5000);
    if (n <= 0) {
      fprintf(stderr, "mc_load: no progress (%lld of %lld done)\n", done, opt.requests);
      return 1;
    }
    for (int k = 0; k < n; ++k) {
      Conn& c = conns[events[size_t(k)].data.u64];
      for (;;) {
        ssize_t r = ::read(c.fd, buf, sizeof(buf));
        if (r == 0) {
          fprintf(stderr, "mc_load: server closed a connection\n");
          return 1;
        }
        if (r < 0) break;
        c.in.append(buf, size_t(r));
        if (size_t(r) < sizeof(buf)) break;
      }
      int got = ParseReplies(c);
      c.in_flight -= got;
      done += got;
      // Refill the window once it is half empty (a batch per write, as a pipelining
      // client does), or at once without pipelining.
      if (c.in_flight <= opt.pipeline / 2) {
        while (c.in_flight < opt.pipeline && sent < opt.requests) AddRequest(c);
        if (!Flush(c)) return 1;
      }
    }
  }
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  printf("requests=%lld seconds=%.3f rps=%.0f errors=%lld\n", done, secs, double(done) / secs,
         errors);
  for (Conn& c : conns) close(c.fd);
  return errors ? 3 : 0;
}
