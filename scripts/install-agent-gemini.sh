#!/usr/bin/env bash
# Installs the Gemini CLI that the real-agent tests drive offline (DESIGN.md §8): the npm package
# @google/gemini-cli, pinned, into a cache folder outside the repository, never into the
# extension's dependencies. Idempotent: a `.complete` marker, written last, makes later runs skip
# the install. The marker is JSON that test/unit/support/agentCli.ts reads to find the entry point.
set -euo pipefail

GEMINI_VERSION=0.61.0
CACHE="${TERRITORY_CACHE:-$HOME/.cache/territory}"
DIR="$CACHE/agents/gemini-cli-$GEMINI_VERSION"
MARKER="$DIR/.complete"
BIN_REL=node_modules/.bin/gemini

say() { echo "install-agent-gemini: $*"; }
die() { echo "install-agent-gemini: ERROR: $*" >&2; exit 1; }

install_gemini() {
  local started
  started=$(date +%s)
  say "installing @google/gemini-cli@$GEMINI_VERSION into $DIR (about 100 MB)"
  # A folder without the marker is a broken or interrupted install: start over.
  rm -rf "$DIR"
  mkdir -p "$DIR"
  (cd "$DIR" && echo '{"name":"gemini-cli-cache","private":true}' >package.json &&
    npm install --no-audit --no-fund "@google/gemini-cli@$GEMINI_VERSION") || die "npm install @google/gemini-cli@$GEMINI_VERSION failed"
  [ -x "$DIR/$BIN_REL" ] || die "@google/gemini-cli installed no binary at $DIR/$BIN_REL"
  local version
  version="$(cd "$DIR" && HOME="$DIR/.home" "$DIR/$BIN_REL" --version 2>/dev/null | tail -n1)" || die "$DIR/$BIN_REL --version failed"
  [ "$version" = "$GEMINI_VERSION" ] || die "$DIR/$BIN_REL reports version '$version', expected $GEMINI_VERSION"
  rm -rf "$DIR/.home"
  printf '{"agent":"gemini","version":"%s","bin":"%s"}\n' "$GEMINI_VERSION" "$BIN_REL" >"$MARKER"
  say "done in $(($(date +%s) - started)) s: $MARKER"
}

mkdir -p "$CACHE/agents"
# Two runs at once must not install over each other.
exec 9>"$CACHE/agents/.install-gemini.lock"
flock 9
if [ -f "$MARKER" ]; then
  say "already installed: $DIR (delete $MARKER to reinstall)"
  exit 0
fi
command -v npm >/dev/null || die "npm not found on PATH"
install_gemini
