#!/usr/bin/env bash
# Set-up command: installs vocmine's dependencies (Debian 12, as root),
# builds it in ./build, and runs the nightly job on the shipped sample
# export into ./out/sample. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  apt-get install -y -q --no-install-recommends \
    build-essential cmake pkg-config git ca-certificates \
    libpcre2-dev libutf8proc-dev liblmdb-dev lmdb-utils zlib1g-dev \
    libopencc-dev opencc libssl-dev libisal-dev python3 python3-jieba python3-lmdb python3-sklearn \
    clang libclang-rt-14-dev chromium fonts-wqy-microhei bc time
else
  echo "setup: not root or no apt-get; assuming dependencies are installed" >&2
fi

cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo
cmake --build build -j"$(nproc)"

rm -rf out/sample
./build/vocmine run --input samples/comments.csv --out out/sample --db out/vocmine.lmdb --run-id 2026-11-07
echo "setup: done; open out/sample/report.html, or: ./build/vocmine query --db out/vocmine.lmdb top 2026-11-07"
