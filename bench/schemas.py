"""A database brought to the schema another version of kzfacts reads, so that two versions
whose schemas differ can be compared on the same data: the copy is upgraded or downgraded by
this checkout's migrations (which know every revision), before anything is timed.

    from schemas import at_schema_of
    at_schema_of(Path("/tmp/before/src"), Path("loaded.db"), Path("loaded.before.db"))
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
_REVISION = re.compile(r'^SCHEMA_REVISION = "([^"]+)"', re.MULTILINE)
_MIGRATE = """
import sys
from kzfacts.store import migrate
from kzfacts.store.engine import make_engine, resolve_url
engine = make_engine(resolve_url(sys.argv[1]))
current, target = migrate.current_revision(engine), sys.argv[2]
if current is None or current < target:
    migrate.upgrade(engine, target)
elif current > target:
    migrate.downgrade(engine, target)
engine.dispose()
"""


def schema_of(src: Path) -> str:
    """The schema revision the kzfacts in `src` reads (`store/schema.py`)."""
    text = (src / "kzfacts" / "store" / "schema.py").read_text(encoding="utf-8")
    found = _REVISION.search(text)
    if found is None:
        raise SystemExit(f"{src}: no SCHEMA_REVISION in kzfacts/store/schema.py")
    return found.group(1)


def to_schema_of(src: Path, database: Path) -> None:
    """`database` migrated in place to the schema of the kzfacts in `src`."""
    env = {**os.environ, "PYTHONPATH": str(HERE.parent / "src")}
    migrate = [sys.executable, "-c", _MIGRATE, str(database), schema_of(src)]
    subprocess.run(migrate, env=env, check=True)


def at_schema_of(src: Path, database: Path, into: Path) -> Path:
    """`database` copied to `into` (beside it, so that its relative source paths still read)
    at the schema of the kzfacts in `src`."""
    for side in (Path(f"{into}-wal"), Path(f"{into}-shm")):
        side.unlink(missing_ok=True)
    shutil.copyfile(database, into)
    to_schema_of(src, into)
    return into
