"""Writes a Lua table of the children a service manager may open, and the long-history ones."""
import sqlite3
import sys

db = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True)
open_children = [r[0] for r in db.execute(
    "SELECT child_id FROM allocation WHERE end_date IS NULL ORDER BY child_id")]
heavy = [r[0] for r in db.execute(
    "SELECT child_id FROM chronology_entry GROUP BY child_id HAVING COUNT(*) >= 500 ORDER BY child_id")]
heavy_open = [c for c in heavy if c in set(open_children)]
print("children = {" + ",".join(map(str, open_children)) + "}")
print("heavy = {" + ",".join(map(str, heavy_open or heavy)) + "}")
