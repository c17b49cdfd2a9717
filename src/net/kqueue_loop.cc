// kqueue engine (BSD, macOS): placeholder until the implementation lands.
#include "net/event_loop.h"

namespace tessera::net {
std::unique_ptr<EventLoop> CreateKqueueLoop(const LoopOptions&, Dispatcher*) { return nullptr; }
}  // namespace tessera::net
