#!/usr/bin/env bash
# Installs the Codex CLI that the real-agent tests drive offline (DESIGN.md §8): the npm package
# @openai/codex, pinned, into a cache folder outside the repository, never into the
# extension's dependencies. Idempotent: a `.complete` marker, written last, makes later runs skip
# the install. The marker is JSON that test/unit/support/agentCli.ts reads to find the entry point.
set -euo pipefail

CODEX_VERSION=0.169.0
CACHE="${TERRITORY_CACHE:-$HOME/.cache/territory}"
DIR="$CACHE/agents/codex-cli-$CODEX_VERSION"
MARKER="$DIR/.complete"
BIN_REL=node_modules/.bin/codex

say() { echo "install-agent-codex: $*"; }
die() { echo "install-agent-codex: ERROR: $*" >&2; exit 1; }

install_codex() {
  local started
  started=$(date +%s)
  say "installing @openai/codex@$CODEX_VERSION into $DIR (about 400 MB)"
  # A folder without the marker is a broken or interrupted install: start over.
  rm -rf "$DIR"
  mkdir -p "$DIR"
  (cd "$DIR" && echo '{"name":"codex-cli-cache","private":true}' >package.json &&
    npm install --no-audit --no-fund "@openai/codex@$CODEX_VERSION") || die "npm install @openai/codex@$CODEX_VERSION failed"
  [ -x "$DIR/$BIN_REL" ] || die "@openai/codex installed no binary at $DIR/$BIN_REL"
  local version
  version="$(cd "$DIR" && HOME="$DIR/.home" "$DIR/$BIN_REL" --version 2>/dev/null | tail -n1)" || die "$DIR/$BIN_REL --version failed"
  # It answers `codex-cli <version>`.
  [ "$version" = "codex-cli $CODEX_VERSION" ] || die "$DIR/$BIN_REL reports version '$version', expected $CODEX_VERSION"
  rm -rf "$DIR/.home"
  printf '{"agent":"codex","version":"%s","bin":"%s"}\n' "$CODEX_VERSION" "$BIN_REL" >"$MARKER"
  say "done in $(($(date +%s) - started)) s: $MARKER"
}

mkdir -p "$CACHE/agents"
# Two runs at once must not install over each other.
exec 9>"$CACHE/agents/.install-codex.lock"
flock 9
if [ -f "$MARKER" ]; then
  say "already installed: $DIR (delete $MARKER to reinstall)"
  exit 0
fi
command -v npm >/dev/null || die "npm not found on PATH"
install_codex
