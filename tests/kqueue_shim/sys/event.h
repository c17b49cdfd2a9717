// The kqueue API as FreeBSD and macOS declare it (the names, types and flags
// src/net/kqueue_loop.cc uses), so that CI on Linux can check that the kqueue engine
// compiles (ctest: kqueue_compiles, -fsyntax-only). Not an implementation.
#pragma once
#include <stdint.h>
#include <time.h>
struct kevent { uintptr_t ident; short filter; unsigned short flags; unsigned int fflags; int64_t data; void* udata; };
#define EVFILT_READ (-1)
#define EVFILT_WRITE (-2)
#define EVFILT_USER (-11)
#define EV_ADD 0x0001
#define EV_DELETE 0x0002
#define EV_CLEAR 0x0020
#define EV_EOF 0x8000
#define EV_ERROR 0x4000
#define NOTE_TRIGGER 0x01000000
#define EV_SET(kevp, a, b, c, d, e, f) do { (kevp)->ident = (a); (kevp)->filter = (b); (kevp)->flags = (c); (kevp)->fflags = (d); (kevp)->data = (e); (kevp)->udata = (f); } while (0)
extern "C" int kqueue(void);
extern "C" int kevent(int, const struct kevent*, int, struct kevent*, int, const struct timespec*);
