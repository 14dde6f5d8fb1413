#!/usr/bin/env bash
# scripts/netns-run.sh COMMAND [ARG...]: runs COMMAND in a private Linux network namespace that has a loopback and
# one virtual Ethernet pair (10.213.0.1 and 10.213.0.2, with a default route), then deletes the namespace.
#
# Why (docs/troubleshooting.md, "for developers"): WebRTC gathers ICE candidates from real network interfaces and
# never from loopback. On a machine whose only interface is loopback (a CI container), two browser pages cannot
# open a data channel; inside this namespace they connect over the virtual pair, and no packet leaves it. Install
# everything first (npm ci, apt-get): the namespace has no route to the internet.
#
# Needs root and iproute2. Exits with COMMAND's status, or 2 when the namespace cannot be made.
set -uo pipefail

if [ "$#" -eq 0 ]; then
  echo "usage: scripts/netns-run.sh COMMAND [ARG...]   e.g. scripts/netns-run.sh npm test" >&2
  exit 2
fi
if [ "$(id -u)" -ne 0 ] || ! command -v ip >/dev/null; then
  echo "netns-run: needs root and iproute2 ('ip'): sudo apt-get install -y iproute2, then run it with sudo" >&2
  exit 2
fi

ns="sommelier-$$-$RANDOM"
if ! ip netns add "$ns"; then
  echo "netns-run: cannot create the network namespace $ns" >&2
  exit 2
fi
trap 'ip netns delete "$ns" 2>/dev/null' EXIT

in_ns() { ip -n "$ns" "$@"; }
if ! {
  in_ns link set lo up &&
    in_ns link add veth0 type veth peer name veth1 &&
    in_ns address add 10.213.0.1/24 dev veth0 &&
    in_ns address add 10.213.0.2/24 dev veth1 &&
    in_ns link set veth0 up &&
    in_ns link set veth1 up &&
    in_ns route add default via 10.213.0.2 dev veth0
}; then
  echo "netns-run: cannot set up the interfaces of $ns" >&2
  exit 2
fi

ip netns exec "$ns" "$@"
