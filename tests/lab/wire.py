#!/usr/bin/env python3
"""The venue uplink of the network lab: a point-to-point IP link between two network namespaces, made of one TUN
device in each, with a one-way delay per direction and an on/off switch.

Why a user-space wire: the lab's kernel has no netem qdisc and no fq qdisc (so no tc BPF departure times either),
and a delaying TCP proxy would leave UDP undelayed, yet STUN and TURN traffic crosses the uplink too. A TUN pair
delays every IP packet, whatever its protocol. Bandwidth is capped separately with `tc tbf` on the TUN devices.

usage: wire.py NS_A DEV_A NS_B DEV_B CONTROL_FIFO
  Creates DEV_A in network namespace NS_A and DEV_B in NS_B (both vanish when this process ends), prints
  "ready" once both exist, then forwards packets between them until killed.
Control lines written to CONTROL_FIFO:
  delay <ms>   one-way delay in each direction (round trip = 2 x ms); 0 by default
  cut <1|0>    drop every packet in both directions (1) or forward again (0)
Standard library only (ctypes for setns: Debian 12's Python 3.11 has no os.setns).
"""
import ctypes
import fcntl
import heapq
import os
import select
import struct
import sys
import time

CLONE_NEWNET = 0x40000000
TUNSETIFF = 0x400454CA
IFF_TUN = 0x0001
IFF_NO_PI = 0x1000
MAX_PACKET = 65536

libc = ctypes.CDLL(None, use_errno=True)


def open_tun(netns: str, dev: str) -> int:
    """Creates TUN device `dev` inside network namespace `netns` and returns its non-blocking fd."""
    ns_fd = os.open(f"/run/netns/{netns}", os.O_RDONLY)
    try:
        if libc.setns(ns_fd, CLONE_NEWNET) != 0:
            err = ctypes.get_errno()
            raise OSError(err, f"setns {netns}: {os.strerror(err)}")
    finally:
        os.close(ns_fd)
    fd = os.open("/dev/net/tun", os.O_RDWR | os.O_NONBLOCK)
    fcntl.ioctl(fd, TUNSETIFF, struct.pack("16sH", dev.encode(), IFF_TUN | IFF_NO_PI))
    return fd


def main() -> None:
    ns_a, dev_a, ns_b, dev_b, fifo = sys.argv[1:6]
    a = open_tun(ns_a, dev_a)
    b = open_tun(ns_b, dev_b)
    # O_RDWR keeps the FIFO open for writing too, so it never reports end-of-file between writers.
    ctl = os.open(fifo, os.O_RDWR | os.O_NONBLOCK)
    peer = {a: b, b: a}
    delay_s = 0.0
    cut = False
    queue: list[tuple[float, int, int, bytes]] = []  # (due, sequence, out fd, packet): FIFO for equal delays
    seq = 0
    pending = b""
    print("ready", flush=True)
    while True:
        timeout = max(0.0, queue[0][0] - time.monotonic()) if queue else None
        readable, _, _ = select.select([a, b, ctl], [], [], timeout)
        now = time.monotonic()
        for fd in readable:
            if fd == ctl:
                pending += os.read(ctl, 4096)
                *lines, pending = pending.split(b"\n")
                for line in lines:
                    parts = line.decode().split()
                    if len(parts) == 2 and parts[0] == "delay":
                        delay_s = max(0.0, float(parts[1]) / 1000)
                    elif len(parts) == 2 and parts[0] == "cut":
                        cut = parts[1] == "1"
                        if cut:
                            queue.clear()
                continue
            while True:
                try:
                    packet = os.read(fd, MAX_PACKET)
                except BlockingIOError:
                    break
                if cut:
                    continue
                seq += 1
                heapq.heappush(queue, (now + delay_s, seq, peer[fd], packet))
        now = time.monotonic()
        while queue and queue[0][0] <= now:
            _, _, out, packet = heapq.heappop(queue)
            try:
                os.write(out, packet)
            except OSError:
                pass  # device down or full: the packet is lost, as on a real link


if __name__ == "__main__":
    main()
