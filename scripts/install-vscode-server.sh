#!/usr/bin/env bash
# Installs the VS Code server that the offline integration tests and the demo run
# (DESIGN.md §6): code-server's npm package carries a complete VS Code server, which
# needs Node 24 (from the npm package `node@24`) and native modules built against it.
# Everything goes into a cache folder outside the repository, never into the
# extension's dependencies. Idempotent: a `.complete` marker, written last, makes
# later runs skip the install. The marker is JSON that test/runner/server.ts reads
# to find the Node binary and the server entry point.
set -euo pipefail

CODE_SERVER_VERSION=4.139.1
NODE_MAJOR=24
CACHE="${TERRITORY_CACHE:-$HOME/.cache/territory}"
DIR="$CACHE/vscode-server-$CODE_SERVER_VERSION"
MARKER="$DIR/.complete"
NODE_REL=node24/node_modules/.bin/node
CODE_SERVER_REL=cs/node_modules/code-server
SERVER_MAIN_REL=$CODE_SERVER_REL/lib/vscode/out/server-main.js

STARTED=$(date +%s)
say() { echo "install-vscode-server: $*"; }
# One numbered line per step, with the time since the start: the install takes minutes.
step() { say "[$1/4 $(($(date +%s) - STARTED)) s] $2"; }
die() { echo "install-vscode-server: ERROR: $*" >&2; exit 1; }
# shellcheck source=scripts/apt-install.sh
. "$(dirname "${BASH_SOURCE[0]}")/apt-install.sh"

# --- Debian packages -------------------------------------------------------------
# chromium drives the workbench; libkrb5-dev, a compiler, make and python3 are what
# code-server's postinstall needs to build its native modules; git is used by the
# fixtures. Checked on every run (cheap) because they live outside the cache.
ensure_packages() {
  local missing=()
  [ -x /usr/bin/chromium ] || missing+=(chromium)
  command -v git >/dev/null || missing+=(git)
  # The OS sandbox (`territory sandbox`, srt) and its tests: bubblewrap, socat and ripgrep on Linux.
  command -v bwrap >/dev/null || missing+=(bubblewrap)
  command -v socat >/dev/null || missing+=(socat)
  command -v rg >/dev/null || missing+=(ripgrep)
  if [ ! -f "$MARKER" ]; then
    if command -v dpkg-query >/dev/null; then
      dpkg-query -W -f='${Status}' libkrb5-dev 2>/dev/null | grep -q 'install ok installed' || missing+=(libkrb5-dev)
    fi
    command -v make >/dev/null || missing+=(make)
    command -v g++ >/dev/null || missing+=(g++)
    command -v python3 >/dev/null || missing+=(python3)
  fi
  if [ ${#missing[@]} -eq 0 ]; then
    say "system packages present (chromium, git, bubblewrap, socat, ripgrep, build tools)"
    return
  fi
  apt_install "${missing[@]}"
}

# --- the server ------------------------------------------------------------------
install_server() {
  say "installing into $DIR (about 6 minutes, about 800 MB)"
  # A folder without the marker is a broken or interrupted install: start over.
  rm -rf "$DIR"
  mkdir -p "$DIR/node24" "$DIR/cs"

  step 1 "npm install node@$NODE_MAJOR"
  (cd "$DIR/node24" && echo '{"name":"node24","private":true}' >package.json &&
    npm install --no-audit --no-fund "node@$NODE_MAJOR") || die "npm install node@$NODE_MAJOR failed"
  local node="$DIR/$NODE_REL"
  [ -x "$node" ] || die "node@$NODE_MAJOR installed no binary at $node"
  local node_version
  node_version="$("$node" --version)" || die "$node does not run"
  case "$node_version" in v"$NODE_MAJOR".*) ;; *) die "$node is $node_version, expected v$NODE_MAJOR" ;; esac

  # The ~/.npmrc of these machines may point nodedir at the system Node's headers;
  # native modules must be built against Node 24's, which the arch package ships.
  local nodedir
  nodedir="$(ls -d "$DIR"/node24/node_modules/node/node_modules/node-linux-* 2>/dev/null | head -n1 || true)"
  [ -n "$nodedir" ] && [ -f "$nodedir/include/node/node.h" ] || die "no Node $NODE_MAJOR headers under $DIR/node24/node_modules/node/node_modules"

  step 2 "npm install --ignore-scripts code-server@$CODE_SERVER_VERSION (the largest download)"
  (cd "$DIR/cs" && echo '{"name":"cs","private":true}' >package.json &&
    npm install --no-audit --no-fund --ignore-scripts "code-server@$CODE_SERVER_VERSION") ||
    die "npm install code-server@$CODE_SERVER_VERSION failed"

  # postinstall.sh reads the Node major version from the user agent and calls npm,
  # which must run on Node 24 (first on PATH) to build the native modules.
  step 3 "code-server postinstall.sh (builds native modules with $node_version; the longest step)"
  (cd "$DIR/$CODE_SERVER_REL" &&
    PATH="$(dirname "$(readlink -f "$node")"):$PATH" \
      npm_config_nodedir="$nodedir" \
      npm_config_user_agent="npm/$(npm --version) node/$node_version linux x64" \
      sh postinstall.sh) || die "code-server postinstall.sh failed (see the output above)"

  step 4 "checking that the server starts and its native modules load"
  verify
  printf '{"codeServer":"%s","nodeVersion":"%s","node":"%s","serverMain":"%s"}\n' \
    "$CODE_SERVER_VERSION" "$node_version" "$NODE_REL" "$SERVER_MAIN_REL" >"$MARKER"
  say "done in $(($(date +%s) - STARTED)) s: $MARKER"
}

# Cheap checks that the install can serve: the entry point parses its arguments and
# the native modules the server loads on start-up open under Node 24.
verify() {
  local node="$DIR/$NODE_REL" vscode="$DIR/$CODE_SERVER_REL/lib/vscode"
  [ -f "$DIR/$SERVER_MAIN_REL" ] || die "no server entry point at $DIR/$SERVER_MAIN_REL"
  "$node" "$DIR/$SERVER_MAIN_REL" --help >/dev/null || die "server-main.js --help failed"
  (cd "$vscode" && "$node" -e "for (const m of ['node-pty', '@vscode/spdlog', 'kerberos']) require(m)") ||
    die "native modules of the server do not load under $("$node" --version)"
}

ensure_packages
mkdir -p "$CACHE"
# Two runs at once (say, two terminals calling .ci/run) must not install over each other.
exec 9>"$CACHE/.install-vscode-server.lock"
flock 9
if [ -f "$MARKER" ]; then
  say "already installed: $DIR (delete $MARKER to reinstall)"
  exit 0
fi
command -v npm >/dev/null || die "npm not found on PATH"
install_server
