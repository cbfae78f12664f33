"""Writes a Lua table of the children a service manager may open, and the long-history ones.

    python3 children.py PATH/journey.db          # SQLite
    python3 children.py postgres://...           # PostgreSQL, through psql
"""
import sqlite3
import subprocess
import sys

OPEN = "SELECT child_id FROM allocation WHERE end_date IS NULL ORDER BY child_id"
HEAVY = "SELECT child_id FROM chronology_entry GROUP BY child_id HAVING COUNT(*) >= 500 ORDER BY child_id"

database = sys.argv[1]
if database.startswith(("postgres://", "postgresql://")):
    def query(sql):
        out = subprocess.run(["psql", database, "-X", "-At", "-v", "ON_ERROR_STOP=1", "-c", sql],
                             check=True, capture_output=True, text=True).stdout
        return [int(line) for line in out.split()]
else:
    db = sqlite3.connect(f"file:{database}?mode=ro", uri=True)

    def query(sql):
        return [r[0] for r in db.execute(sql)]

open_children = query(OPEN)
heavy = query(HEAVY)
heavy_open = [c for c in heavy if c in set(open_children)]
print("children = {" + ",".join(map(str, open_children)) + "}")
print("heavy = {" + ",".join(map(str, heavy_open or heavy)) + "}")
