#!/usr/bin/env bash
# Installs the real agent CLIs that the guard's tests drive offline (DESIGN.md §8):
# Claude Code here, Gemini CLI and Codex CLI through install-agent-clis.sh. Claude Code from npm (its package brings a native binary through a platform
# optional dependency, about 350 MB), pinned, into a cache folder outside the
# repository, never into the extension's dependencies. Also the Debian packages
# Claude Code's own sandbox needs on Linux (bubblewrap, socat, ripgrep).
# Idempotent: a `.complete` marker, written last, makes later runs skip the install.
# The marker is JSON that test/unit/support/claudeCode.ts reads to find the binary.
set -euo pipefail

CLAUDE_CODE_VERSION=2.1.332
CACHE="${TERRITORY_CACHE:-$HOME/.cache/territory}"
DIR="$CACHE/agents/claude-code-$CLAUDE_CODE_VERSION"
MARKER="$DIR/.complete"
CLAUDE_REL=node_modules/.bin/claude

STARTED=$(date +%s)
say() { echo "install-agents: $*"; }
# One numbered line per step, with the time since the start: the download is large.
step() { say "[$1/2 $(($(date +%s) - STARTED)) s] $2"; }
die() { echo "install-agents: ERROR: $*" >&2; exit 1; }
# shellcheck source=scripts/apt-install.sh
. "$(dirname "${BASH_SOURCE[0]}")/apt-install.sh"

# --- Debian packages -------------------------------------------------------------
# Claude Code's sandbox (`"sandbox": {"enabled": true}`) runs Bash under bubblewrap,
# with socat for its proxy and ripgrep to scan for files to protect; git is used by
# the tests' repositories; util-linux's `script` (bsdutils) gives Codex's interactive
# TUI the pseudo-terminal its approval test needs. Checked on every run (cheap): they
# live outside the cache.
ensure_packages() {
  local missing=()
  command -v script >/dev/null || missing+=(bsdutils)
  command -v bwrap >/dev/null || missing+=(bubblewrap)
  command -v socat >/dev/null || missing+=(socat)
  command -v rg >/dev/null || missing+=(ripgrep)
  command -v git >/dev/null || missing+=(git)
  if [ ${#missing[@]} -eq 0 ]; then
    say "system packages present (bubblewrap, socat, ripgrep, git, script)"
    return
  fi
  apt_install "${missing[@]}"
}

# --- Claude Code -----------------------------------------------------------------
install_claude_code() {
  say "installing into $DIR (about 350 MB)"
  # A folder without the marker is a broken or interrupted install: start over.
  rm -rf "$DIR"
  mkdir -p "$DIR"

  step 1 "npm install @anthropic-ai/claude-code@$CLAUDE_CODE_VERSION (with its native binary)"
  (cd "$DIR" && echo '{"name":"agents","private":true}' >package.json &&
    npm install --no-audit --no-fund "@anthropic-ai/claude-code@$CLAUDE_CODE_VERSION") ||
    die "npm install @anthropic-ai/claude-code@$CLAUDE_CODE_VERSION failed"

  step 2 "checking that the CLI runs"
  verify
  printf '{"claudeCode":"%s","claude":"%s"}\n' "$CLAUDE_CODE_VERSION" "$CLAUDE_REL" >"$MARKER"
  say "done in $(($(date +%s) - STARTED)) s: $MARKER"
}

# The binary starts and reports the pinned version (no network: --version reads nothing remote).
verify() {
  local claude="$DIR/$CLAUDE_REL" version
  [ -x "$claude" ] || die "no claude binary at $claude"
  version="$(HOME="$DIR" DISABLE_AUTOUPDATER=1 "$claude" --version 2>&1)" || die "$claude --version failed: $version"
  case "$version" in "$CLAUDE_CODE_VERSION"*) ;; *) die "$claude --version says '$version', expected $CLAUDE_CODE_VERSION" ;; esac
}

ensure_packages
mkdir -p "$CACHE"
# Two runs at once (say, two terminals calling .ci/run) must not install over each other.
exec 9>"$CACHE/.install-agents.lock"
flock 9
if [ -f "$MARKER" ]; then
  say "already installed: $DIR (delete $MARKER to reinstall)"
else
  command -v npm >/dev/null || die "npm not found on PATH"
  install_claude_code
fi
flock -u 9
# The other agents the tests drive (Gemini CLI, Codex CLI): one entry point for every agent.
bash "$(dirname "${BASH_SOURCE[0]}")/install-agent-clis.sh"
