# The two commands a newcomer needs: `make run` and `make test`.
# Both set everything up on first use (system packages, .venv, pinned packages).
PY := .venv/bin/python
export LANG ?= C.UTF-8

.PHONY: setup run test stress bench screenshots samples installer clean

setup:
	@bash scripts/bootstrap.sh base

## Open the app on the demo visitation (created in your data folder on first use).
run: setup
	@$(PY) -m visitor_app --demo

## The whole test suite, headless.
test: setup
	@bash scripts/bootstrap.sh base docs  # LibreOffice and poppler: the report is rendered for real
	@QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q

## The kill harness and the fuzzing (tests marked `stress`), with many more trials than in
## `make test`. Writes only to the system temp folder (pytest's tmp_path, Hypothesis' folder).
stress: setup
	@VISITATIE_STRESS=1 PYTHONDONTWRITEBYTECODE=1 QT_QPA_PLATFORM=offscreen \
	  $(PY) -m pytest -q -m stress tests

## Speed figures, each a ratio against a floor measured in the same run.
bench: setup
	@$(PY) -m compileall -q visitor_app  # byte-code as an installed app has it
	@QT_QPA_PLATFORM=offscreen $(PY) bench/run_all.py

## Start the real app under Xvfb on the demo and save a PNG of each main view.
screenshots: setup
	@bash scripts/bootstrap.sh xvfb
	@rm -rf docs/screenshots/[0-9][0-9]-*.png
	@VISITOR_APP_DATA=$$(mktemp -d) QT_QPA_PLATFORM=xcb \
	  xvfb-run -a -s "-screen 0 1600x1000x24" $(PY) scripts/screenshots.py docs/screenshots

## Render the demo's draft report and guide to PNG pages in docs/screenshots/.
samples: setup
	@bash scripts/bootstrap.sh docs
	@bash scripts/render_samples.sh

## The program as ODNL hands it out: dist/visitatie-app/ (PyInstaller, one folder) and on
## Linux dist/visitatie-app-VERSION-linux-x86_64.tar.gz (with install.sh). README "Installer".
installer: setup
	@bash scripts/bootstrap.sh base installer
	@bash scripts/build_installer.sh

clean:
	rm -rf .venv .pytest_cache .hypothesis build dist *.egg-info
