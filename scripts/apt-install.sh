# Sourced by the install scripts (install-vscode-server.sh, install-agents.sh): installs missing
# Debian packages with apt-get. The caller defines say, die and CACHE. apt's output goes to a log:
# a failure is one line naming the packages, apt's own reason and the log.

# apt_install PACKAGE...
apt_install() {
  command -v apt-get >/dev/null || die "missing $* and no apt-get to install them; install them by hand"
  [ "$(id -u)" = 0 ] || die "missing $*; run as root (or: sudo apt-get install -y $*)"
  local log="$CACHE/apt-get.log"
  mkdir -p "$CACHE"
  say "installing Debian packages: $* (log: $log)"
  apt-get update >"$log" 2>&1 || die "apt-get update failed: $(apt_reason "$log") (log: $log)"
  DEBIAN_FRONTEND=noninteractive apt-get install -y "$@" >>"$log" 2>&1 ||
    die "cannot install the Debian packages $*: $(apt_reason "$log") (log: $log)"
}

# apt's last error line (E: ...), else its last line.
apt_reason() {
  local reason
  reason=$(grep '^E: ' "$1" | tail -n1)
  [ -n "$reason" ] || reason=$(tail -n1 "$1")
  printf '%s' "$reason"
}
