"""Kill -9 a real ingest at many random points; check the archive after each kill, then finish it.

    python bench/crash.py [--kills 25] [--seed 1]

Prints, per kill: when it struck, cables stored, integrity; then the final counts.
"""

from __future__ import annotations

import argparse
import random
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import CORPUS, report

from cablebase.store.driver import sqlite3


def check(db: Path) -> dict:
    conn = sqlite3.connect(db)
    try:
        integrity = conn.execute("PRAGMA integrity_check").fetchone()[0]
        if conn.execute("PRAGMA user_version").fetchone()[0] == 0:
            return {"integrity": integrity, "cables": 0, "duplicates": 0, "fts_ok": True}
        conn.execute("INSERT INTO cables_fts(cables_fts) VALUES ('integrity-check')")
        cables, dupes = conn.execute("SELECT count(*), count(*) - count(DISTINCT key) FROM cables").fetchone()
        return {"integrity": integrity, "cables": cables, "duplicates": dupes, "fts_ok": True}
    except sqlite3.DatabaseError as exc:
        return {"integrity": f"error: {exc}", "cables": -1, "duplicates": -1, "fts_ok": False}
    finally:
        conn.close()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--kills", type=int, default=25)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--input", type=Path, default=CORPUS)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    db = Path(tempfile.mkdtemp()) / "crash.db"
    cmd = [sys.executable, "-m", "cablebase.cli", "ingest", str(args.input), "--db", str(db), "--quiet"]
    rows = []
    for n in range(args.kills):
        delay = rng.uniform(0.05, 12.0)
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        finished = proc.poll() is not None
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        rows.append({"kill": n + 1, "after_s": round(delay, 2), "finished_first": finished, **check(db)})
    done = subprocess.run(cmd, capture_output=True, text=True)
    final = check(db)
    rows.append({"kill": "final run", "after_s": None, "finished_first": done.returncode in (0, 1), **final})
    bad = [r for r in rows if r["integrity"] != "ok" or r["duplicates"] != 0]
    report("crash", rows, {"kills": args.kills, "inconsistent_states": len(bad), "final_cables": final["cables"]})


if __name__ == "__main__":
    main()
