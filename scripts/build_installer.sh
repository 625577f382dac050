#!/usr/bin/env bash
# `make installer`: the one-folder build (dist/visitatie-app/) and, on Linux, the tarball
# dist/visitatie-app-VERSION-linux-x86_64.tar.gz with the build, a menu entry, the
# .visitatie file type, the icon and install.sh (installer/linux/). build/ is PyInstaller's
# work folder. Both are in .gitignore.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
version=$("$PY" -c 'import visitor_app; print(visitor_app.__version__)')
say() { printf '[installer] %s\n' "$*"; }

start=$(date +%s)
rm -rf build/visitatie-app dist/visitatie-app
"$PY" -m PyInstaller --noconfirm --log-level WARN --distpath dist --workpath build build_installer.spec
say "gebouwd in $(( $(date +%s) - start )) s: dist/visitatie-app ($(du -sm dist/visitatie-app | cut -f1) MB)"

case "$(uname -s)" in
  Linux)
    name="visitatie-app-$version-linux-$(uname -m)"
    stage="build/$name"
    rm -rf "$stage" && mkdir -p "$stage"
    cp -a dist/visitatie-app "$stage/visitatie-app"
    cp installer/linux/visitatie-app.desktop installer/linux/visitatie-app-mime.xml \
       installer/linux/install.sh "$stage/"
    cp resources/icon.png "$stage/visitatie-app.png"
    tar -C build -czf "dist/$name.tar.gz" "$name"
    rm -rf "$stage"
    say "dist/$name.tar.gz ($(du -m "dist/$name.tar.gz" | cut -f1) MB); uitpakken en ./install.sh"
    ;;
esac
