"""The Rode draden window (the ODNL analyst's): window.py is the window; layout.py builds
its widgets, matrix.py is the theme x dienst table, panes.py the list of visitations and the
kind filter, texts.py the findings and import summaries as rich text, dialogs.py the file
dialogs, jobs.py the work in the worker thread. The counting is visitor_app.rode_draden."""
