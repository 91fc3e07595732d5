#!/usr/bin/env bash
# Builds libFuzzer targets with AddressSanitizer and runs each for SECONDS over its seed corpus.
#   bash Tests/Fuzz/fuzz.sh SECONDS [TARGET…]     targets: http-request form-decoder multipart mustache-compiler toss-webhook
# A target is the library's own sources plus Tests/Fuzz/Targets/TARGET.swift, compiled as one module by swiftc
# (so the harness reaches internal types such as RequestParser). Work files go under .build/fuzz/TARGET/: the
# growing corpus, and crash-*/timeout-*/oom-* inputs. Copy an input that crashed into Tests/Fuzz/Regressions/TARGET/
# and the normal test suite replays it from then on. Exits non-zero when any target found a failing input.
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds="${1:?usage: fuzz.sh SECONDS [TARGET…]}"
shift
targets=("$@")
((${#targets[@]})) || targets=(http-request form-decoder multipart mustache-compiler toss-webhook)

sources_of() {
  case "$1" in
    http-request|form-decoder|multipart) echo "-module-name HTTP -I Sources/CEpoll $(find Sources/HTTP -name '*.swift' | sort | tr '\n' ' ')" ;;
    mustache-compiler) echo "-module-name Mustache $(find Sources/Mustache -name '*.swift' | sort | tr '\n' ' ')" ;;
    # TossPayments imports PluginKit; compiled as one module, that import names the module itself and is ignored.
    toss-webhook) echo "-module-name PluginKit $(find Sources/PluginKit Plugins/TossPayments -name '*.swift' | sort | tr '\n' ' ')" ;;
    *) echo "unknown fuzz target: $1" >&2; exit 2 ;;
  esac
}

# Logging, which HTTP and PluginKit import, is built once as a module and library of its own.
modules=".build/fuzz/modules"
mkdir -p "$modules"
# shellcheck disable=SC2046
swiftc -sanitize=address -parse-as-library -swift-version 6 -O -g -suppress-warnings -emit-library -static -emit-module \
  -module-name Logging -emit-module-path "$modules/Logging.swiftmodule" -o "$modules/libLogging.a" \
  $(find Sources/Logging -name '*.swift' | sort)

failed=0
for target in "${targets[@]}"; do
  work=".build/fuzz/$target"
  mkdir -p "$work/corpus"
  # shellcheck disable=SC2046
  swiftc -sanitize=fuzzer,address -parse-as-library -swift-version 6 -O -g -suppress-warnings -I "$modules" -L "$modules" -lLogging \
    $(sources_of "$target") "Tests/Fuzz/Targets/$target.swift" -o "$work/fuzzer" 2>&1 | { grep -v "Cannot export local symbol" >&2 || true; }
  echo "fuzz: $target for ${seconds}s"
  if ! "$work/fuzzer" "$work/corpus" "Tests/Fuzz/Corpus/$target" -max_total_time="$seconds" -max_len=8192 \
      -timeout=10 -rss_limit_mb=2048 -artifact_prefix="$work/" -print_final_stats=1 > "$work/log.txt" 2>&1; then
    failed=1
    echo "fuzz: $target FOUND A FAILING INPUT (see $work/log.txt):" >&2
    ls "$work"/crash-* "$work"/timeout-* "$work"/oom-* 2>/dev/null >&2 || true
  fi
  grep -E "^stat::number_of_executed_units|^stat::peak_rss_mb" "$work/log.txt" | sed "s/^/fuzz: $target /" || true
done
exit "$failed"
