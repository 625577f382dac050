"""Rode draden: the findings of many visitations brought together by the ODNL analyst.

- package.py   the package one visitation sends (format, schema, digest, reading, export)
- (de-identification of its texts: visitor_app/domain/deidentify, services/privacy.py)
- database.py  CentralDb: importing packages into the central database, cycles, what is in it
- threads.py   the analyst's work (part of CentralDb): moves, theme merges and letters,
               rode draden, assessments per dienst, review comments, report texts
- counts.py    everything counted for the window, the command line and the exports
- exports.py   the overview workbook (XLSX) and the draft rode-draden report (DOCX)

The rows themselves (SQL, pragmas, transactions) are visitor_app/store/central_db.py; the
analyst's window is visitor_app/ui/rode_draden/. No Qt here.
"""
