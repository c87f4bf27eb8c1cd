#!/bin/sh
# Shows that each patched dependency is its crates.io release plus the patch beside it, and
# nothing else: downloads the release, applies the patch and compares the trees.
#   vendor/verify.sh
set -eu
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

check() { # name version
  curl -fsSL "https://static.crates.io/crates/$1/$1-$2.crate" | tar xz -C "$work"
  rm -f "$work/$1-$2/.cargo_vcs_info.json"
  (cd "$work/$1-$2" && patch -s -p1 < "$here/$1.patch")
  diff -r "$work/$1-$2" "$here/$1" && echo "vendor/$1: crates.io $1 $2 + $1.patch, nothing else"
}

check tachys 0.2.19
check reactive_graph 0.2.16
