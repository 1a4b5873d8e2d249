#!/usr/bin/env python3
"""Reads a spreadsheet back with openpyxl (a reader that is not ours) and prints every sheet's
cell values as JSON: {"sheet": {"rows": [[...], ...]}, ..., "charts": {"charts": N}}.
Exits 77 when openpyxl is missing (the test is then skipped, never passed)."""
import json
import sys
import zipfile

try:
    import openpyxl
except ImportError:
    sys.exit(77)

path = sys.argv[1]
book = openpyxl.load_workbook(path, read_only=True, data_only=True)
out = {}
for sheet in book.worksheets:
    out[sheet.title] = {"rows": [list(row) for row in sheet.iter_rows(values_only=True)]}
# openpyxl does not load charts; the package's chart parts say how many there are.
with zipfile.ZipFile(path) as z:
    charts = [n for n in z.namelist() if n.startswith("xl/charts/chart") and n.endswith(".xml")]
out.setdefault("charts", {})["charts"] = len(charts)
json.dump(out, sys.stdout)
