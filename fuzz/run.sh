#!/usr/bin/env bash
# Runs every fuzz target (or those named) for a bounded time each, one after the other, with
# one libFuzzer worker, at low priority. Not part of CI. See fuzz/README.md.
#
#   fuzz/run.sh [-t SECONDS] [TARGET ...]
#
# Environment: CARGO_TARGET_DIR (default fuzz/target), FUZZ_SHARED (default ../shared beside
# the crate: extra read-only seed folders), FUZZ_NICE (default 10).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
seconds=240
while getopts "t:" opt; do
    case "$opt" in
        t) seconds="$OPTARG" ;;
        *) echo "usage: $0 [-t SECONDS] [TARGET ...]" >&2; exit 2 ;;
    esac
done
shift $((OPTIND - 1))
all=(split meta bind query rdf aif argdown iccma)
targets=("${@:-${all[@]}}")
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$here/target}"
shared="${FUZZ_SHARED:-$root/../shared}"
nice_level="${FUZZ_NICE:-10}"
triple="$(rustc +nightly -vV | sed -n 's/^host: //p')"

# No sanitizer: argmap and its dependencies are safe Rust (panics, overflows, stack overflows,
# timeouts and memory blow-ups are what the targets look for); debug assertions stay on.
(cd "$root" && nice -n "$nice_level" cargo +nightly fuzz build --sanitizer none)

# Seeds whose first byte picks a format (rdf, iccma): project files with that byte in front,
# written into the (ignored) work folder rather than into the repository.
prefixed_seeds() { # TARGET SELECTOR FILE...
    local target="$1" selector="$2"
    shift 2
    local dir="$here/work/$target-seeds"
    mkdir -p "$dir"
    for file in "$@"; do
        [ -f "$file" ] || continue
        [ "$(stat -c %s "$file")" -le 65536 ] || continue
        { printf "\\x$(printf %02x "$selector")"; cat "$file"; } > "$dir/$selector-$(basename "$file")"
    done
}

seed_dirs() { # TARGET -> extra read-only seed folders, one a line
    case "$1" in
        split|query) echo "$root/queries"; echo "$root/queries/checks" ;;
        bind) echo "$root/queries" ;;
        rdf)
            shopt -s globstar nullglob
            local ttl=("$root"/graphs/**/*.ttl "$root"/tests/fixtures/**/*.ttl "$root"/ontology/*.ttl)
            prefixed_seeds rdf 0 "${ttl[@]}"
            prefixed_seeds rdf 1 "$root"/tests/fixtures/**/*.trig
            prefixed_seeds rdf 2 "$root"/tests/fixtures/**/*.nt
            prefixed_seeds rdf 3 "$root"/tests/fixtures/**/*.nq
            prefixed_seeds rdf 4 "$root"/tests/fixtures/**/*.rdf
            prefixed_seeds rdf 5 "$root"/tests/fixtures/**/*.jsonld
            prefixed_seeds rdf 7 "$root"/tests/fixtures/aif/*.json
            echo "$here/work/rdf-seeds" ;;
        aif)
            echo "$root/tests/fixtures/aif"
            for d in aif-araucaria aif-samples; do [ -d "$shared/corpora/$d" ] && echo "$shared/corpora/$d"; done ;;
        argdown)
            echo "$root/tests/fixtures/anchor"
            [ -d "$shared/corpora/argdown" ] && echo "$shared/corpora/argdown" ;;
        iccma)
            shopt -s nullglob
            prefixed_seeds iccma 0 "$root"/tests/fixtures/af/*.af
            prefixed_seeds iccma 1 "$root"/tests/fixtures/af/*.apx
            prefixed_seeds iccma 2 "$root"/tests/fixtures/af/*.tgf
            echo "$here/work/iccma-seeds" ;;
    esac
    return 0
}

max_len() {
    case "$1" in
        rdf|aif|argdown|iccma) echo 16384 ;;
        *) echo 4096 ;;
    esac
}

summary=()
for target in "${targets[@]}"; do
    binary="$CARGO_TARGET_DIR/$triple/release/$target"
    [ -x "$binary" ] || { echo "no fuzz target $target ($binary)" >&2; exit 2; }
    work="$here/work/$target"
    artifacts="$here/artifacts/$target"
    mkdir -p "$work" "$artifacts"
    mapfile -t extra < <(seed_dirs "$target")
    log="$here/work/$target.log"
    echo "== $target: ${seconds}s, log $log"
    # The first folder is libFuzzer's working corpus (it writes there); the others are seeds.
    # Fork mode with one worker goes on past a crash, timeout or OOM, so that one run collects
    # every finding in $artifacts.
    # `timeout` bounds the run even when a worker hangs past libFuzzer's own -timeout (its alarm
    # handler can deadlock in malloc when the input is stuck in an allocation).
    (cd "$work" && nice -n "$nice_level" timeout --kill-after=10 "$((seconds + 60))" "$binary" \
        -fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1 \
        -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len="$(max_len "$target")" \
        -artifact_prefix="$artifacts/" \
        "$work" "$here/corpus/$target" "${extra[@]}" > "$log" 2>&1) || true
    stats="$(grep -E '^#[0-9]+: cov:' "$log" | tail -n 1)"
    found="$(find "$artifacts" -type f | wc -l)"
    summary+=("$target: ${stats:-no stats (see $log)} | artifacts: $found")
done

echo
echo "== summary (per target: executions, coverage, corpus; artifacts in fuzz/artifacts/TARGET)"
printf '%s\n' "${summary[@]}"
