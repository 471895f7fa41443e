"""What the kernel enforces on a query worker, set up before the worker opens the store.

- **No network.** A seccomp filter (libseccomp, through pyseccomp) makes every call that could
  open a connection fail with EACCES: `socket`, `socketpair`, `connect`, `bind`, `listen`,
  `accept`, `sendto`, `sendmsg`, `sendmmsg` and `io_uring_setup` (io_uring can open sockets of
  its own). A worker talks to the server over its stdin and stdout pipes only, and inherits no
  other descriptor, so nothing a query does — a `SERVICE` the endpoint failed to refuse, a DNS
  lookup — can reach another machine or a local port. The filter covers the native system-call
  ABI; calls made through any other ABI kill the process (libseccomp's default for foreign
  architectures). Once loaded it cannot be lifted, and the worker's children inherit it.
- **Bounded memory.** RLIMIT_DATA caps the worker's heap and anonymous mappings. Past it an
  allocation fails: pyoxigraph aborts the process (SIGABRT) and Python raises MemoryError; either
  way the server answers that the query needed too much memory and starts a fresh worker.
- **No life after the server.** PR_SET_PDEATHSIG sends the worker SIGKILL when the server
  process that started it dies, even by SIGKILL; the worker also exits at once if the server
  died before it could ask for that.

`confine` applies all three or raises `ConfinementUnavailable` saying what is missing; the server
refuses to start then, unless told `--unsandboxed-workers` (docs/endpoint.md, "Security").
"""

from __future__ import annotations

import ctypes
import ctypes.util
import errno
import os
import resource
import signal
import socket
import subprocess
import sys

NETWORK_CALLS = (
    "socket",
    "socketpair",
    "connect",
    "bind",
    "listen",
    "accept",
    "accept4",
    "sendto",
    "sendmsg",
    "sendmmsg",
    "io_uring_setup",
)
PR_SET_PDEATHSIG = 1


class ConfinementUnavailable(Exception):
    """This platform cannot confine a query worker; the message says what is missing."""


def forbid_network() -> None:
    """Loads the seccomp filter that makes every network call fail with EACCES."""
    if not sys.platform.startswith("linux"):
        raise ConfinementUnavailable(f"seccomp filters need Linux, and this is {sys.platform}")
    try:
        import pyseccomp
    except (ImportError, OSError) as error:  # pyseccomp loads libseccomp.so.2 as it imports
        raise ConfinementUnavailable(f"libseccomp cannot be loaded ({error})") from error
    try:
        rules = pyseccomp.SyscallFilter(defaction=pyseccomp.ALLOW)
        for call in NETWORK_CALLS:
            rules.add_rule(pyseccomp.ERRNO(errno.EACCES), call)
        rules.load()
    except (OSError, RuntimeError, ValueError) as error:
        raise ConfinementUnavailable(f"the seccomp filter could not be loaded ({error})") from error


def cap_memory(limit_bytes: int) -> None:
    """Caps the process's data segment and anonymous mappings at `limit_bytes` (0: no cap)."""
    if limit_bytes <= 0:
        return
    try:
        resource.setrlimit(resource.RLIMIT_DATA, (limit_bytes, limit_bytes))
    except (OSError, ValueError) as error:
        raise ConfinementUnavailable(f"RLIMIT_DATA could not be set ({error})") from error


def die_with(parent: int) -> None:
    """Asks the kernel to kill this process when `parent` dies; exits now if it already has."""
    libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
    if libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) != 0:
        error = ctypes.get_errno()
        raise ConfinementUnavailable(f"PR_SET_PDEATHSIG failed ({os.strerror(error)})")
    if os.getppid() != parent:  # the server died between starting us and the prctl
        os._exit(1)


def confine(parent: int, memory_bytes: int, network: bool = True) -> None:
    """Confines this process: dies with `parent`, its memory capped, and (unless `network` is
    False, for `--unsandboxed-workers`) no network."""
    die_with(parent)
    cap_memory(memory_bytes)
    if network:
        forbid_network()


def probe() -> str | None:
    """Gives None when this platform can confine a query worker, else why it cannot. The probe
    runs in a child process, so the caller's own process stays as it is."""
    probe = subprocess.run(
        [sys.executable, "-m", "server.engine.confinement"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    if probe.returncode == 0:
        return None
    return probe.stdout.strip() or probe.stderr.strip() or f"the probe exited {probe.returncode}"


def main() -> int:
    """The probe's child: confine this process, then show that no socket can be opened."""
    try:
        forbid_network()
    except ConfinementUnavailable as error:
        print(error)
        return 1
    try:
        socket.socket().close()
    except OSError:
        return 0
    print("the seccomp filter loaded, yet a socket could still be opened")
    return 1


if __name__ == "__main__":
    raise SystemExit(main())
