#!/usr/bin/env bash
# Render the demo's draft report (DOCX -> PDF with LibreOffice) and guide (PDF) to PNG
# pages in docs/screenshots/, to look at them as a reader would.
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export VISITOR_APP_DATA="$tmp/data"
.venv/bin/visitor-app demo "$tmp/demo.visitatie" >/dev/null
.venv/bin/visitor-app export-report "$tmp/demo.visitatie" --out "$tmp/rapport.docx" --trace >/dev/null
soffice -env:UserInstallation="file://$tmp/lo" --headless --convert-to pdf --outdir "$tmp" "$tmp/rapport.docx" >/dev/null 2>&1
rm -f docs/screenshots/rapport-p*.png
pdftoppm -png -r 60 -f 1 -l 6 "$tmp/rapport.pdf" docs/screenshots/rapport-p
# the chapter on the previous visitation: the first page after the contents with its title
# and its table (the column "Opvolging"), as opvolging-p-NN.png
pages=$(pdfinfo "$tmp/rapport.pdf" | awk '/^Pages:/ {print $2}')
for ((p = 3; p <= pages; p++)); do
  text=$(pdftotext -f "$p" -l "$p" "$tmp/rapport.pdf" -)
  if grep -q "Opvolging vorige visitatie" <<<"$text" && grep -q "Toelichting" <<<"$text"; then
    rm -f docs/screenshots/opvolging-p*.png
    pdftoppm -png -r 60 -f "$p" -l "$p" "$tmp/rapport.pdf" docs/screenshots/opvolging-p
    break
  fi
done
# the Rode draden rapportage of a generated cycle of 28 fictional visitations: a theme's
# chapter and Bijlage 1, as rode-draden-p-NN.png
.venv/bin/python scripts/central_sample.py "$tmp/rode-draden.docx" >/dev/null
soffice -env:UserInstallation="file://$tmp/lo" --headless --convert-to pdf --outdir "$tmp" "$tmp/rode-draden.docx" >/dev/null 2>&1
rm -f docs/screenshots/rode-draden-p*.png
pages=$(pdfinfo "$tmp/rode-draden.pdf" | awk '/^Pages:/ {print $2}')
theme_done=0
for ((p = 3; p <= pages; p++)); do
  text=$(pdftotext -f "$p" -l "$p" "$tmp/rode-draden.pdf" -)
  if [[ $theme_done == 0 ]] && grep -q "(thema A)" <<<"$text" && grep -q "van 28)" <<<"$text"; then
    pdftoppm -png -r 60 -f "$p" -l "$p" "$tmp/rode-draden.pdf" docs/screenshots/rode-draden-p
    theme_done=1
  elif grep -q "^Bijlage 1" <<<"$text"; then
    pdftoppm -png -r 60 -f "$p" -l "$p" "$tmp/rode-draden.pdf" docs/screenshots/rode-draden-p
    break
  fi
done
if .venv/bin/visitor-app export-guide "$tmp/demo.visitatie" --out "$tmp/leidraad.pdf" >/dev/null 2>&1; then
  rm -f docs/screenshots/leidraad-p*.png
  pdftoppm -png -r 60 -f 1 -l 3 "$tmp/leidraad.pdf" docs/screenshots/leidraad-p
fi
ls docs/screenshots
