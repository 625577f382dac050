#!/bin/sh
# Installs the Visitatie-app for this user only (no root needed):
#   ~/.local/lib/visitatie-app/      the program (the folder this script is in is copied there)
#   ~/.local/bin/visitatie-app       a link to it
#   ~/.local/share/applications/     the menu entry (.desktop), which opens .visitatie files
#   ~/.local/share/mime/             the file type application/x-visitatie (*.visitatie)
#   ~/.local/share/icons/hicolor/    the icon
# Run it again to update; `./install.sh --verwijder` removes it all again (not your files).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
data=${XDG_DATA_HOME:-$HOME/.local/share}
lib=$HOME/.local/lib/visitatie-app
bin=$HOME/.local/bin
icons=$data/icons/hicolor/256x256/apps

refresh() {
  command -v update-mime-database >/dev/null 2>&1 && update-mime-database "$data/mime" || true
  command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database "$data/applications" || true
  command -v gtk-update-icon-cache >/dev/null 2>&1 && gtk-update-icon-cache -q -t "$data/icons/hicolor" || true
}

if [ "${1:-}" = "--verwijder" ]; then
  rm -rf "$lib"
  rm -f "$bin/visitatie-app" "$data/applications/visitatie-app.desktop" \
        "$data/mime/packages/visitatie-app-mime.xml" "$icons/visitatie-app.png"
  refresh
  echo "Visitatie-app verwijderd (je visitatiebestanden zijn er nog)."
  exit 0
fi

mkdir -p "$lib" "$bin" "$data/applications" "$data/mime/packages" "$icons"
if [ "$here" != "$lib" ]; then
  rm -rf "$lib"
  cp -a "$here" "$lib"
fi
ln -sf "$lib/visitatie-app/visitatie-app" "$bin/visitatie-app"
sed "s|^Exec=visitatie-app|Exec=$lib/visitatie-app/visitatie-app|" "$here/visitatie-app.desktop" \
  > "$data/applications/visitatie-app.desktop"
cp "$here/visitatie-app-mime.xml" "$data/mime/packages/visitatie-app-mime.xml"
cp "$here/visitatie-app.png" "$icons/visitatie-app.png"
refresh
echo "Visitatie-app geïnstalleerd in $lib."
echo "Start hem uit het menu, met een dubbelklik op een .visitatie-bestand, of met: visitatie-app"
case ":$PATH:" in *":$bin:"*) ;; *) echo "(Zet $bin in je PATH om 'visitatie-app' te kunnen typen.)" ;; esac
