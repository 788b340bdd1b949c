"""Upgrade test: install the addons as they were at a past commit, with demo
data, upgrade them to the working tree and check the result.

    bash scripts/test_upgrade.sh [<past commit>] [--keep-db]

1. ``git archive`` of the addons at the past commit into a temporary folder;
2. a throw-away database gets them installed from there with demo data (the
   log must hold no error);
3. ``-u`` of every addon with the working tree's code: the migrations run, the
   log must hold no error and no warning about our models, views or data;
4. Odoo is started on the upgraded database and the cross-addon RPC suite in
   tests/ runs against it;
5. prints the time of each step and ``N passed, N failed`` (steps 2 and 3 count
   one test each, plus the RPC tests); exits non-zero on any failure.

The default past commit is the last release before the integrity, structure
and rules work (issues 13–20), the schema most databases in use have.
"""

import shutil
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import run_tests as rt  # noqa: E402 - the scripts folder, added just above

DEFAULT_BASE = "55491d6"


def archive(commit, addons, target):
    """The addons of ``commit`` in ``target``; the list of those found there."""
    listing = subprocess.run(
        ["git", "ls-tree", "--name-only", commit],
        cwd=rt.REPO,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()
    present = [addon for addon in addons if addon in listing]
    git = subprocess.Popen(
        ["git", "archive", commit, *present], cwd=rt.REPO, stdout=subprocess.PIPE
    )
    subprocess.run(["tar", "-x", "-C", str(target)], stdin=git.stdout, check=True)
    git.wait()
    return present


def run_odoo(db, addons_path, args, log_path, addons):
    """Run Odoo once; an OdooResult whose bad_lines are the offending records."""
    result = rt.OdooResult(ran=True)
    checker = rt.LogChecker(addons, result, lambda _text: None)
    cmd = [
        sys.executable,
        "-m",
        "odoo",
        "-d",
        db,
        f"--addons-path={addons_path}",
        *rt.db_args(),
        *args,
        "--stop-after-init",
        "--max-cron-threads=0",
        "--http-port",
        str(rt.free_port()),
        "--log-level=info",
    ]
    rt.say(f"$ {rt.shown(cmd)}")
    rt.say(f"log: {log_path}")
    start = time.monotonic()
    with open(log_path, "w", encoding="utf-8") as log:
        proc = subprocess.Popen(
            cmd,
            cwd=rt.REPO,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            errors="replace",
        )
        for raw in proc.stdout:
            log.write(raw)
            checker.feed(raw.rstrip("\n"))
        checker.close()
        code = proc.wait()
    if code:
        result.problems.append(f"Odoo exited {code}")
    return result, time.monotonic() - start


def main(argv):
    keep_db = "--keep-db" in argv
    argv = [arg for arg in argv if arg != "--keep-db"]
    base = argv[0] if argv else DEFAULT_BASE
    addons = rt.discover_addons(rt.REPO)
    log_dir = rt.REPO / ".test-logs" / "upgrade"
    log_dir.mkdir(parents=True, exist_ok=True)
    db = f"trade_upgrade_{datetime.now():%Y%m%d%H%M%S}"
    current_path = rt.os.environ["TRADE_ODOO_ADDONS_PATH"]
    odoo_paths = ",".join(
        path
        for path in current_path.split(",")
        if Path(path).resolve() != rt.REPO.resolve()
    )
    passed = failed = 0
    steps = []
    old_dir = Path(tempfile.mkdtemp(prefix="trade_upgrade_"))
    try:
        present = archive(base, addons, old_dir)
        rt.section(f"install {', '.join(present)} at {base} with demo data")
        install, seconds = run_odoo(
            db,
            f"{odoo_paths},{old_dir}",
            ["-i", ",".join(present)],
            log_dir / "install-old.log",
            present,
        )
        steps.append(("install at " + base, install, seconds))
        rt.section(f"upgrade to the working tree: -u {', '.join(addons)}")
        upgrade, seconds = run_odoo(
            db,
            current_path,
            ["-u", ",".join(addons)],
            log_dir / "upgrade.log",
            addons,
        )
        steps.append(("upgrade to the working tree", upgrade, seconds))
        for name, result, seconds in steps:
            bad = result.bad_lines + result.problems
            rt.say(f"--> {name}: {'passed' if not bad else 'FAILED'} ({seconds:.0f} s)")
            for line in bad[:20]:
                rt.say(f"    - {line}")
            passed, failed = passed + (not bad), failed + bool(bad)
        if not upgrade.problems:
            tests = rt.PytestResult()
            start = time.monotonic()
            rt.run_cross_tests(db, addons, log_dir, tests, 180)
            seconds = time.monotonic() - start
            failing = tests.failed + tests.errors + len(tests.problems)
            rt.say(
                f"--> RPC suite on the upgraded database: {tests.passed} passed,"
                f" {failing} failed ({seconds:.0f} s)"
            )
            for line in tests.failing_tests + tests.problems:
                rt.say(f"    - {line}")
            passed, failed = passed + tests.passed, failed + failing
    finally:
        shutil.rmtree(old_dir, ignore_errors=True)
        if keep_db:
            rt.say(f"keeping database {db}")
        elif rt.database_exists(db):
            rt.drop_database(db)
    rt.say(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
