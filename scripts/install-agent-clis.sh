#!/usr/bin/env bash
# Installs the agent CLIs that the real-agent tests drive offline (DESIGN.md §8): each npm package,
# pinned, into its own cache folder outside the repository, never into the extension's
# dependencies. Idempotent: a `.complete` marker, written last, makes later runs skip an install.
# The marker is JSON that test/unit/support/agentCli.ts reads to find the executable.
#   bash scripts/install-agent-clis.sh [gemini] [codex] [copilot]     (no argument: all of them)
set -euo pipefail

CACHE="${TERRITORY_CACHE:-$HOME/.cache/territory}"

say() { echo "install-agent-clis: $*"; }
die() { echo "install-agent-clis: ERROR: $*" >&2; exit 1; }

# name | npm package | version | executable | what `<executable> --version` prints (its first line) | size
agent_row() {
  case $1 in
    gemini) echo "@google/gemini-cli|0.61.0|gemini|0.61.0|100 MB" ;;
    codex) echo "@openai/codex|0.169.0|codex|codex-cli 0.169.0|400 MB" ;;
    copilot) echo "@github/copilot|1.0.102|copilot|GitHub Copilot CLI 1.0.102.|190 MB" ;;
    *) die "unknown agent $1 (gemini, codex, copilot)" ;;
  esac
}

install_agent() {
  local name=$1 package version bin answer size
  IFS='|' read -r package version bin answer size <<<"$(agent_row "$name")"
  local dir="$CACHE/agents/$name-cli-$version"
  local marker="$dir/.complete"
  # Two runs at once must not install over each other.
  exec 9>"$CACHE/agents/.install-$name.lock"
  flock 9
  if [ -f "$marker" ]; then
    say "$name already installed: $dir (delete $marker to reinstall)"
    return
  fi
  local started
  started=$(date +%s)
  say "installing $package@$version into $dir (about $size)"
  # A folder without the marker is a broken or interrupted install: start over.
  rm -rf "$dir"
  mkdir -p "$dir"
  (cd "$dir" && echo "{\"name\":\"$name-cli-cache\",\"private\":true}" >package.json &&
    npm install --no-audit --no-fund "$package@$version") || die "npm install $package@$version failed"
  local exe="$dir/node_modules/.bin/$bin"
  [ -x "$exe" ] || die "$package installed no executable at $exe"
  local printed
  printed="$(cd "$dir" && HOME="$dir/.home" "$exe" --version 2>/dev/null | head -n1)" || die "$exe --version failed"
  rm -rf "$dir/.home"
  [ "$printed" = "$answer" ] || die "$exe --version printed '$printed', expected '$answer'"
  printf '{"agent":"%s","version":"%s","bin":"node_modules/.bin/%s"}\n' "$name" "$version" "$bin" >"$marker"
  say "$name done in $(($(date +%s) - started)) s: $marker"
}

command -v npm >/dev/null || die "npm not found on PATH"
mkdir -p "$CACHE/agents"
agents=("$@")
[ ${#agents[@]} -gt 0 ] || agents=(gemini codex copilot)
for agent in "${agents[@]}"; do install_agent "$agent"; done
