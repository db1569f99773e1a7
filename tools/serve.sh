#!/usr/bin/env bash
# Serves the example tools (echo, textkit, fetch, files, chart) with the
# policy in tools/examples.toml over stdio, building the tool
# components and the server first if needed. Extra arguments go to
# `toolhost serve`, e.g. `tools/serve.sh --log-format json`.
# Build output goes to stderr: stdout belongs to the MCP protocol.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$repo/tools/build.sh"
cargo build --release --quiet --manifest-path "$repo/Cargo.toml" -p toolhost >&2
exec "$repo/target/release/toolhost" serve --tools "$repo/target/tools/examples" \
    --config "$repo/tools/examples.toml" "$@"
