#!/usr/bin/env bash
# A newcomer's machine, rehearsed: a minimal Debian 12 (bookworm) built with debootstrap, where
# only the packages of the README's apt-get line are installed (read from system-packages.txt,
# like make install does), then the committed code is cloned and `make install` and `make test`
# run there as an ordinary user, on SQLite. Prints one summary line at the end; exits non-zero
# if something fails on the way, make test included.
#
#   sudo scripts/fresh-machine.sh           reuse the cached Debian base system if there is one
#   sudo scripts/fresh-machine.sh --clean   start from zero (download Debian again)
#   sudo scripts/fresh-machine.sh --keep    leave the clean room on disk after the run
#
# What comes from this machine, and only that:
# - Python 3.12, which Debian 12 lacks: the interpreter make would pick here
#   (scripts/find-python.sh, a pyenv build say) is bind-mounted read-only at the same path, as a
#   newcomer would have built it with pyenv. Its run-time libraries come from the clean room's
#   own packages (libssl3, libsqlite3-0 in the list).
# - /etc/resolv.conf, and the certificate authorities added under /usr/local/share/ca-certificates
#   (a TLS-inspecting proxy's, on networks that have one), so that pip and npm reach PyPI and
#   the npm registry as they do here. Nothing else of this machine's configuration: no pip.conf,
#   no PIP_* or npm settings, no environment (the build runs under `env -i`).
# The packages are installed with --no-install-recommends: the list must be enough by itself.
# Not run by .ci/run (it needs root, debootstrap and a few minutes); run it after changing
# system-packages.txt, the Makefile or anything a new machine might lack.
set -euo pipefail

say() { printf 'fresh-machine: %s\n' "$*"; }
die() { say "$*" >&2; exit 1; }

clean=0 keep=0
for arg in "$@"; do
  case "$arg" in
    --clean) clean=1 ;;
    --keep) keep=1 ;;
    -h | --help) sed -n '2,24p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown option $arg (--clean, --keep)" ;;
  esac
done
[ "$(id -u)" = 0 ] || die "debootstrap, chroot and mount need root: sudo $0 $*"

repo="$(git -C "$(dirname "$0")" rev-parse --show-toplevel)"
commit="$(git -C "$repo" rev-parse HEAD)"
if [ -n "$(git -C "$repo" status --porcelain --untracked-files=no)" ]; then
  say "note: uncommitted changes are not rehearsed, only commit ${commit:0:12}."
fi

suite=bookworm
mirror="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
cache="${RELAIS_FRESH_DIR:-/var/tmp/relais-fresh-machine}"
base="$cache/$suite-minbase.tar.gz"
root="$cache/root"
log="$cache/last-run.log"

python="$("$repo/scripts/find-python.sh")" || die "no Python 3.12 on this machine to lend to the clean room."
python_prefix="$("$python" -c 'import sys; print(sys.base_prefix)')"
case "$python_prefix" in
  / | /usr) die "$python is the system's Python ($python_prefix): lend a self-contained one (pyenv), PYTHON=/path/to/python3.12." ;;
esac
python_bin="$(dirname "$python")"

mkdir -p "$cache"
exec 9>"$cache/lock"
flock -n 9 || die "another rehearsal is running ($cache/lock)."

# --- mounts, and the trap that undoes them ----------------------------------------------------
mounted() { grep -q " $root[/ ]" /proc/self/mountinfo; }
unmount_all() {
  local point
  for point in "$root$python_prefix" "$root/dev" "$root/sys" "$root/proc"; do
    if grep -q " $point " /proc/self/mountinfo; then
      umount -R "$point" 2>/dev/null || umount -R -l "$point" || true
    fi
  done
}
remove_root() {
  unmount_all
  if mounted; then
    die "something is still mounted under $root; not removing it (see /proc/self/mountinfo)."
  fi
  rm -rf --one-file-system "$root"
}
finish() {
  local status=$?
  unmount_all
  if [ "$keep" = 0 ] && [ -d "$root" ]; then
    remove_root
  elif [ -d "$root" ]; then
    say "the clean room stays in $root (chroot $root; --keep)."
  fi
  exit "$status"
}
trap finish EXIT
trap 'exit 130' INT TERM

chroot="$(command -v chroot)"
in_root() { env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 DEBIAN_FRONTEND=noninteractive "$chroot" "$root" "$@"; }

started=$SECONDS
: >"$log"

# --- the base system ----------------------------------------------------------------------------
if [ "$clean" = 1 ]; then
  say "--clean: dropping $base and the clean room."
  remove_root
  rm -f "$base"
fi
if ! command -v debootstrap >/dev/null; then
  say "installing debootstrap on this machine."
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null
fi
remove_root
t=$SECONDS
if [ -f "$base" ]; then
  mkdir -p "$root" && tar -xzf "$base" -C "$root"
  base_how="cached base system"
else
  say "debootstrap --variant=minbase $suite from $mirror (a few minutes)."
  debootstrap --variant=minbase "$suite" "$root" "$mirror" >>"$log" 2>&1 ||
    die "debootstrap failed (see $log)."
  in_root apt-get clean
  tar -czf "$base.part" -C "$root" . && mv "$base.part" "$base"
  base_how="debootstrap"
fi
base_seconds=$((SECONDS - t))

cp /etc/resolv.conf "$root/etc/resolv.conf"
cat >"$root/etc/apt/sources.list" <<EOF
deb $mirror $suite main
deb $mirror $suite-updates main
deb http://deb.debian.org/debian-security $suite-security main
EOF
mount -t proc proc "$root/proc"
mount -t sysfs sysfs "$root/sys"
mount --rbind /dev "$root/dev"
mount --make-rslave "$root/dev"
mkdir -p "$root$python_prefix"
chmod 755 "$root/root" # the newcomer user reaches a pyenv Python under /root/.pyenv
mount --bind "$python_prefix" "$root$python_prefix"
mount -o remount,bind,ro "$root$python_prefix"

# --- the packages of the README, nothing else -------------------------------------------------
mkdir -p "$root/tmp/check/scripts"
git -C "$repo" show "$commit:system-packages.txt" >"$root/tmp/check/system-packages.txt"
git -C "$repo" show "$commit:scripts/check-system.sh" >"$root/tmp/check/scripts/check-system.sh"
read -r -a packages <<<"$(in_root bash /tmp/check/scripts/check-system.sh --names required,optional)"
missing_before="$(in_root bash /tmp/check/scripts/check-system.sh --missing required,optional)"
t=$SECONDS
say "apt-get install --no-install-recommends ${packages[*]}"
in_root apt-get update -qq >>"$log" 2>&1 || die "apt-get update failed (see $log)."
in_root apt-get install -y -qq --no-install-recommends "${packages[@]}" >>"$log" 2>&1 ||
  die "apt-get install failed (see $log)."
packages_seconds=$((SECONDS - t))
in_root bash /tmp/check/scripts/check-system.sh | tee -a "$log"

certificates=()
if compgen -G "/usr/local/share/ca-certificates/*.crt" >/dev/null; then
  cp /usr/local/share/ca-certificates/*.crt "$root/usr/local/share/ca-certificates/"
  if in_root sh -c 'command -v update-ca-certificates' >/dev/null; then
    in_root update-ca-certificates >>"$log" 2>&1
    bundle=/etc/ssl/certs/ca-certificates.crt
    certificates=(SSL_CERT_FILE=$bundle REQUESTS_CA_BUNDLE=$bundle NODE_EXTRA_CA_CERTS=$bundle)
  else
    say "note: this machine's own certificate authorities need ca-certificates in the clean room."
  fi
fi

# --- a newcomer clones and runs make ----------------------------------------------------------
in_root useradd --create-home --shell /bin/bash newcomer
git -C "$repo" bundle create "$root/tmp/relais.bundle" HEAD >>"$log" 2>&1
chmod 644 "$root/tmp/relais.bundle"
as_newcomer() {
  env -i "$chroot" --userspec=newcomer:newcomer "$root" /usr/bin/env -i HOME=/home/newcomer \
    USER=newcomer LOGNAME=newcomer LANG=C.UTF-8 TERM=dumb "${certificates[@]}" \
    PATH="$python_bin:/usr/local/bin:/usr/bin:/bin" bash -c "$1"
}
as_newcomer 'git clone --quiet -c advice.detachedHead=false /tmp/relais.bundle ~/relais' >>"$log" 2>&1
as_newcomer 'echo "node $(node --version), npm $(npm --version), npm registry $(npm config get registry)"' | tee -a "$log"

t=$SECONDS
say "make install"
set +e
as_newcomer 'cd ~/relais && make install' 2>&1 | tee -a "$log"
install_status=${PIPESTATUS[0]}
set -e
install_seconds=$((SECONDS - t))
[ "$install_status" = 0 ] || die "make install failed in the clean room (see $log)."
as_newcomer 'cd ~/relais && echo "pip configuration in the clean room: [$(.venv/bin/python -m pip config list | tr "\n" " ")]"' | tee -a "$log"

t=$SECONDS
say "make test"
set +e
as_newcomer 'cd ~/relais && make test' 2>&1 | tee -a "$log"
test_status=${PIPESTATUS[0]}
set -e
test_seconds=$((SECONDS - t))

result="$(grep -E '^=+ .*(passed|failed|error).* in [0-9.]+s' "$log" | tail -n 1 | sed -E 's/^=+ //; s/ =+$//; s/ \([0-9:]+\)$//')"
summary="Debian 12 $suite (minbase, $base_how ${base_seconds} s), packages: ${packages[*]} (${packages_seconds} s; missing before: ${missing_before:-none}), make install: ${install_seconds} s, make test: ${result:-no result} (${test_seconds} s), commit ${commit:0:12}, total $((SECONDS - started)) s"
echo "$summary" >>"$log"
say "$summary"
[ "$test_status" = 0 ] || die "make test failed in the clean room (exit $test_status; see $log)."
