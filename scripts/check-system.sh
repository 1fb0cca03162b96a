#!/usr/bin/env bash
# Are the Debian packages of system-packages.txt there? Called by make install (and make test's
# first venv), .ci/run and scripts/fresh-machine.sh.
#
#   scripts/check-system.sh                  check the required and optional packages: name each
#                                            missing one and the command that installs it; exit 1
#                                            if a required one is missing, 0 otherwise
#   scripts/check-system.sh --need e2e,...   check the packages of these needs (optional ones only
#                                            warn; any other missing one is an error)
#   scripts/check-system.sh --names NEEDS    print the names of the packages of these needs
#   scripts/check-system.sh --missing NEEDS  print the names of the missing ones (exit 0)
#
# A package is "there" when its probe succeeds (a command on PATH, a library that ldconfig
# knows, a file), whatever installed it: Node.js from another source than Debian counts.
# Only bash built-ins and ldconfig are used, so that a test can fake what is installed with a
# PATH of its own (and RELAIS_CHECK_ROOT, a folder that the file probes look into instead of /).
set -u
case "${BASH_SOURCE[0]}" in */*) here="${BASH_SOURCE[0]%/*}" ;; *) here=. ;; esac
list="${RELAIS_SYSTEM_PACKAGES:-$here/../system-packages.txt}"
PATH="$PATH:/usr/sbin:/sbin"

usage() { echo "usage: $0 [--need NEEDS | --names NEEDS | --missing NEEDS] (NEEDS: required,optional,e2e,production,rehearsal)" >&2; exit 2; }

mode=check needs="required,optional"
case "${1:-}" in
  "") ;;
  --need | --names | --missing) [ $# -eq 2 ] || usage; mode="${1#--}"; needs="$2" ;;
  *) usage ;;
esac
[ -r "$list" ] || { echo "check-system: $list not found." >&2; exit 2; }

libraries=""
libraries_read=0
has_library() {
  if [ "$libraries_read" = 0 ]; then
    libraries="$(ldconfig -p 2>/dev/null)"
    libraries_read=1
  fi
  local line
  while IFS= read -r line; do
    line="${line#"${line%%[![:space:]]*}"}"
    [ "${line%% *}" = "$1" ] && return 0
  done <<<"$libraries"
  return 1
}

probe() {
  local kind="${1%%:*}" what="${1#*:}"
  case "$kind" in
    cmd) command -v "$what" >/dev/null 2>&1 ;;
    lib) has_library "$what" ;;
    file) compgen -G "${RELAIS_CHECK_ROOT:-}$what" >/dev/null ;;
    *) echo "check-system: unknown probe $1 in $list" >&2; return 2 ;;
  esac
}

if [ "${EUID:-$(id -u)}" = 0 ]; then apt="apt-get install"; else apt="sudo apt-get install"; fi

names=() missing=() missing_required=() found=0
while read -r name need group check purpose; do
  case "$name" in "" | \#*) continue ;; esac
  case ",$needs," in *",$need,"*) ;; *) continue ;; esac
  names+=("$name")
  [ "$mode" = names ] && continue
  if probe "$check"; then
    found=$((found + 1))
    continue
  fi
  missing+=("$name")
  [ "$mode" = missing ] && continue
  if [ "$need" = optional ]; then
    echo "check-system: warning: $name is missing (optional, $group): $purpose."
  else
    echo "check-system: error: $name is missing ($need, $group): $purpose."
    missing_required+=("$name")
  fi
  echo "  install it: $apt $name"
done <"$list"

case "$mode" in
  names) echo "${names[*]}"; exit 0 ;;
  missing) echo "${missing[*]}"; exit 0 ;;
esac
if [ ${#missing_required[@]} -gt 0 ]; then
  echo "check-system: ${#missing_required[@]} needed Debian package(s) missing; install them with:"
  echo "  $apt ${missing_required[*]}"
  echo "  (the whole list, and what each one is for: README.md, system-packages.txt)"
  exit 1
fi
if [ ${#missing[@]} -eq 0 ]; then
  echo "check-system: the ${found} Debian packages needed ($needs) are there."
else
  echo "check-system: ${found} of ${#names[@]} Debian packages there; going on without ${missing[*]}."
fi
exit 0
