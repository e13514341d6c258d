#!/bin/sh
# Builds chat_bench in Release (its own build dir) and prints µs of CPU per
# Converse turn inside chat-svc, with 50 and with 500 todos in the list.
#   chat-svc/bench/run.sh [BUILD_DIR]   (default build-bench)
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
dir=${1:-$root/build-bench}
cmake -S "$root" -B "$dir" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$dir" --parallel 2 --target chat_bench >/dev/null
"$dir/bin/chat_bench" 50000 50
"$dir/bin/chat_bench" 20000 500 | tail -1
