#!/usr/bin/env bash
# Sets up everything `make run` / `make test` need, idempotently:
#  1. Debian packages that PySide6 (and later the exporters) need, only those missing;
#  2. a Python venv in .venv with the pinned packages of requirements-lock.txt.
# Usage: scripts/bootstrap.sh [GROUP...]   groups: base xvfb installer docs
# The second run does no network work and takes well under a second.
set -euo pipefail
cd "$(dirname "$0")/.."

declare -A PKG_GROUPS=(
  [base]="libgl1 libegl1 libfontconfig1 libfreetype6 libxkbcommon0 libdbus-1-3 libglib2.0-0 libx11-6 fonts-dejavu-core"
  [xvfb]="xvfb xauth libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-randr0 libxcb-render-util0 libxcb-render0 libxcb-shape0 libxcb-shm0 libxcb-sync1 libxcb-util1 libxcb-xfixes0 libxcb-xkb1 libx11-xcb1 libxkbcommon-x11-0"
  [installer]="binutils libpython3.11"  # objdump for PyInstaller; libpython3.11 for a Debian python3 (a pyenv Python brings its own)
  [docs]="libreoffice-writer-nogui poppler-utils fonts-crosextra-carlito fonts-crosextra-caladea"
)
groups=("${@:-base}")

say() { printf '[opzet] %s\n' "$*"; }

apt_install() {
  local pkgs=("$@")
  if [ "$(id -u)" -eq 0 ]; then
    SUDO=""
  elif command -v sudo >/dev/null 2>&1; then
    SUDO="sudo"
  else
    say "Deze systeempakketten ontbreken en ik kan ze niet installeren (geen root, geen sudo):"
    say "  ${pkgs[*]}"
    say "Installeer ze met: apt-get install ${pkgs[*]}"
    exit 1
  fi
  say "systeempakketten installeren: ${pkgs[*]}"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${pkgs[@]}" >/dev/null
}

# --- 1. system packages (Debian/Ubuntu only) ---------------------------------------
if command -v dpkg-query >/dev/null 2>&1; then
  wanted=()
  for g in "${groups[@]}"; do
    [ -n "${PKG_GROUPS[$g]+x}" ] || { say "onbekende groep: $g"; exit 2; }
    wanted+=(${PKG_GROUPS[$g]})
  done
  if ! python3 -c 'import venv, ensurepip' >/dev/null 2>&1; then
    wanted+=(python3 python3-venv)
  fi
  missing=()
  for p in "${wanted[@]}"; do
    status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
    [ "$status" = "install ok installed" ] || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    apt_install "${missing[@]}"
  fi
else
  say "geen Debian-systeem: controleer zelf de systeembibliotheken voor Qt (zie README)"
fi

# --- 2. the venv with pinned packages -------------------------------------------------
PY=.venv/bin/python
if [ ! -x "$PY" ]; then
  say "virtuele omgeving .venv aanmaken"
  python3 -m venv .venv
fi
stamp=".venv/.opzet-$(cat requirements-lock.txt pyproject.toml | sha256sum | cut -c1-16)"
if [ ! -f "$stamp" ]; then
  say "Python-pakketten installeren (vastgepinde versies uit requirements-lock.txt)"
  "$PY" -m pip install -q --disable-pip-version-check -r requirements-lock.txt
  "$PY" -m pip install -q --disable-pip-version-check --no-deps --no-build-isolation -e . \
    || "$PY" -m pip install -q --disable-pip-version-check --no-deps -e .
  rm -f .venv/.opzet-*
  touch "$stamp"
fi
