#!/usr/bin/env bash
# Builds every tool component under tools/ for wasm32-wasip2 and collects them:
#   target/tools/examples/  the example tools served to users (echo, textkit,
#                           fetch, files, chart)
#   target/tools/all/       every component, test fixtures included
#   target/tools/scratch/   the folder tools/examples.toml lets `files` delete
#                           in (kept between builds)
# Prints nothing on stdout: it may run in front of a stdio MCP server.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
target=wasm32-wasip2
examples=(echo textkit fetch files chart)

# A separate target directory, so this never waits on the host build's lock.
export CARGO_TARGET_DIR="$repo/target/tool-components"
# Components ship without DWARF (about 94% of their size) but keep the name
# section, so wasm backtraces in the host's log still name functions.
export CARGO_PROFILE_RELEASE_STRIP=debuginfo

cd "$repo" # so that rust-toolchain.toml applies
if command -v rustup >/dev/null && ! rustup target list --installed | grep -qx "$target"; then
    rustup target add "$target" >&2
fi

names=()
for manifest in "$repo"/tools/*/Cargo.toml; do
    names+=("$(sed -n 's/^name *= *"\(.*\)"/\1/p' "$manifest" | head -n 1)")
done

cargo build --release --target "$target" "${names[@]/#/--package=}" >&2

built="$CARGO_TARGET_DIR/$target/release"
out="$repo/target/tools"
# Start afresh so that a removed or renamed tool does not linger.
rm -rf "$out/examples" "$out/all"
mkdir -p "$out/examples" "$out/all" "$out/scratch"
for name in "${names[@]}"; do
    cp "$built/${name//-/_}.wasm" "$out/all/"
done
for name in "${examples[@]}"; do
    cp "$built/$name.wasm" "$out/examples/"
done
