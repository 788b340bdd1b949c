"""The whole test suite of the repository; run it through scripts/test.sh.

1. Lint (each check counts as one test): ruff check, ruff format --check,
   pylint-odoo, XML well-formedness, every Python file compiles.
2. Install every addon with demo data in a throw-away database and run their
   Odoo tests; the log is checked for errors and suspicious warnings.
3. Start Odoo in prefork mode on that database (2 HTTP workers, 1 cron worker
   running the due scheduled jobs during the tests, the gevent process) and
   run the cross-addon pytest suite in tests/ against it through
   XML-RPC/JSON-RPC; the server's log is checked for errors.
4. Build each addon's wheel (whool), install the wheels into a clean virtual
   environment and check that Odoo loads the addons from them on that
   database (scripts/check_wheels.py; build, install, load count as 3 tests).
5. Compatibility run on that database (it has Odoo's apps the addons extend,
   with demo data): Odoo's own post_install tests of sale, sale_stock,
   purchase, crm, ... must not fail beyond the committed baseline
   (scripts/test_compat.py; tests that passed count as passed, each new
   failure as failed, the baseline's known failures as skipped).
6. Uninstall the addons from that database in reverse order and check that no
   table, column, trigger, index, menu or cron is left and that Odoo still
   sells, delivers, invoices and gets paid (scripts/check_uninstall.py).
7. Drop the database, print a summary; the last line is
   ``N passed, N failed, N skipped`` and the exit code is 0 only if N failed is 0.

Options: --addons a,b (restrict), --no-lint, --keep-db. The environment is the
one scripts/env.sh exports (TRADE_PY, TRADE_ODOO_ADDONS_PATH, ...).
"""

import argparse
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
#: Odoo's command line as a script (not ``-m odoo``): see scripts/odoo_server.py.
ODOO_SERVER = REPO / "scripts" / "odoo_server.py"
#: The cross-addon tests run against Odoo in prefork mode: HTTP workers, and a
#: cron worker that runs the scheduled jobs due on the test database meanwhile.
CROSS_TEST_WORKERS = 2
CROSS_TEST_CRON_WORKERS = 1
#: Scheduled jobs of Odoo's own addons that call Odoo's online services
#: (lead enrichment, partner autocomplete, publisher warranty): deactivated on
#: the throw-away test database before the prefork server starts, so that the
#: tests neither depend on the network nor send the database's data out. Every
#: other job, the addons' ones included, runs for real.
ONLINE_SERVICE_CRONS = (
    "crm_iap_enrich.ir_cron_lead_enrichment",
    "mail.ir_cron_module_update_notification",
    "partner_autocomplete.ir_cron_partner_autocomplete",
)
SKIP_DIRS = {".git", ".venv", ".odoo-src", ".test-logs", "node_modules", "__pycache__"}

# One Odoo log record: "2024-01-01 10:00:00,123 4242 INFO db logger: message".
RECORD_RE = re.compile(
    r"^(?P<time>\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3}) (?P<pid>\d+) "
    r"(?P<level>DEBUG|INFO|WARNING|ERROR|CRITICAL) (?P<db>\S+) "
    r"(?P<logger>[^\s:]+): ?(?P<message>.*)$"
)
# Logged once per run by odoo/service/server.py.
RESULT_RE = re.compile(
    r"(?P<failed>\d+) failed, (?P<errors>\d+) error\(s\) of (?P<run>\d+) tests "
    r"when loading database"
)
# Logged by odoo/tests/result.py for each skipped test.
SKIP_RE = re.compile(r"^skipped (?P<test>\S+) : (?P<reason>.*)", re.DOTALL)
# Logged by odoo/tests/result.py for each failing / erroring test.
TEST_FAILURE_RE = re.compile(r"^(?P<kind>FAIL|ERROR): (?P<test>[^\n]+)")
PROGRESS_RE = re.compile(
    r"Loading module |init db|loading \d+ modules|\d+ modules loaded"
)
# Logger of one test method (Odoo logs a tour's browser output there):
# odoo.addons.<addon>.tests.<module>.<Class>.<method>[.browser]
TEST_LOGGER_RE = re.compile(r"\.tests\..*?(?P<test>[A-Z]\w*\.test\w*)(\.browser)?$")
# The "module.SomeError: message" line that ends a traceback.
EXCEPTION_LINE_RE = re.compile(r"^[\w.]*(Error|Exception|Fault|Warning)\b: ")
BROWSER_SKIP_RE = re.compile(r"chrom|websocket|devtools|browser", re.IGNORECASE)

# ERROR records that only repeat what the test result already counts.
COUNTED_ERROR_RE = re.compile(
    r"^(FAIL|ERROR): |^At least one test failed when loading the modules"
)
# WARNING records that never fail the run: facts about the machine.
HARMLESS_WARNING_RE = re.compile(
    r"Running as user 'root' is a security risk|wkhtmlto(pdf|image)", re.IGNORECASE
)
# WARNING records from these loggers are problems in our views, fields,
# models, access rights, data files, translations or assets: they fail the run.
STRICT_WARNING_LOGGERS = (
    "odoo.api",
    "odoo.fields",
    "odoo.models",
    "odoo.modules",
    "odoo.osv.expression",
    "odoo.tools.convert",
    "odoo.tools.translate",
    "odoo.tools.view_validation",
    "odoo.addons.base.models.assetsbundle",
    "odoo.addons.base.models.ir_actions",
    "odoo.addons.base.models.ir_asset",
    "odoo.addons.base.models.ir_default",
    "odoo.addons.base.models.ir_model",
    "odoo.addons.base.models.ir_qweb",
    "odoo.addons.base.models.ir_qweb_fields",
    "odoo.addons.base.models.ir_rule",
    "odoo.addons.base.models.ir_ui_menu",
    "odoo.addons.base.models.ir_ui_view",
)
# ... and so do these messages, whatever the logger.
STRICT_WARNING_RE = re.compile(
    r"have no access rules|have the same label|unknown parameter|deprecated",
    re.IGNORECASE,
)


def env_flag(name):
    return os.environ.get(name, "").strip().lower() in {"1", "true", "yes"}


def say(message=""):
    print(message, flush=True)


def shown(cmd):
    """The command line to print, without the database password."""
    return " ".join(
        "--db_password=***" if arg.startswith("--db_password=") else arg for arg in cmd
    )


def section(title):
    say()
    say(f"=== {title} ===")


# --- results ---------------------------------------------------------------


@dataclass
class LintResult:
    passed: list = field(default_factory=list)
    failed: list = field(default_factory=list)


@dataclass
class OdooResult:
    ran: bool = False
    run: int = 0
    failed: int = 0
    errors: int = 0
    skipped: int = 0
    failing_tests: list = field(default_factory=list)
    skipped_tests: list = field(default_factory=list)
    browser_skips: list = field(default_factory=list)
    bad_lines: list = field(default_factory=list)
    other_warnings: int = 0
    problems: list = field(default_factory=list)


@dataclass
class PytestResult:
    ran: bool = False
    passed: int = 0
    failed: int = 0
    errors: int = 0
    skipped: int = 0
    failing_tests: list = field(default_factory=list)
    problems: list = field(default_factory=list)
    server: str = ""


@dataclass
class Report:
    lint: LintResult = field(default_factory=LintResult)
    odoo: OdooResult = field(default_factory=OdooResult)
    pytest: PytestResult = field(default_factory=PytestResult)
    packaging: LintResult = field(default_factory=LintResult)
    compat: object = None  # test_compat.CompatResult, on a run of every addon
    problems: list = field(default_factory=list)
    browser_allowed: bool = False

    def totals(self):
        odoo, tests = self.odoo, self.pytest
        browser_failures = 0 if self.browser_allowed else len(odoo.browser_skips)
        passed = (
            len(self.lint.passed)
            + len(self.packaging.passed)
            + max(odoo.run - odoo.failed - odoo.errors - odoo.skipped, 0)
            + tests.passed
        )
        failed = (
            len(self.lint.failed)
            + len(self.packaging.failed)
            + odoo.failed
            + odoo.errors
            + len(odoo.bad_lines)
            + browser_failures
            + len(odoo.problems)
            + tests.failed
            + tests.errors
            + len(tests.problems)
            + len(self.problems)
        )
        # A browser test that could not run counts as failed, not as skipped.
        skipped = odoo.skipped - browser_failures + tests.skipped
        if self.compat is not None:
            # Odoo's own tests: those that passed, the failures beyond the
            # baseline, the skipped ones and the baseline's known failures
            # (they fail the same way without the addons).
            passed += self.compat.passed
            failed += self.compat.failed
            skipped += self.compat.skipped + len(self.compat.known)
        return passed, failed, skipped


# --- discovery ---------------------------------------------------------------


def discover_addons(root):
    if not root.is_dir():
        return []
    return sorted(
        child.name
        for child in root.iterdir()
        if child.is_dir()
        and not child.name.startswith(".")
        and (child / "__manifest__.py").is_file()
    )


def walk_files(roots, suffix):
    seen = set()
    for root in roots:
        if Path(root).is_file() and root.name.endswith(suffix):
            seen.add(Path(root).resolve())
            yield Path(root).resolve()
        for dirpath, dirnames, filenames in os.walk(root):
            dirnames[:] = sorted(d for d in dirnames if d not in SKIP_DIRS)
            for name in sorted(filenames):
                path = Path(dirpath, name).resolve()
                if name.endswith(suffix) and path not in seen:
                    seen.add(path)
                    yield path


# --- lint -------------------------------------------------------------------------


def run_tool(name, cmd, cwd):
    say(f"$ {shown(cmd)}")
    proc = subprocess.run(
        cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    output = proc.stdout.strip()
    if output:
        say(output)
    return proc.returncode == 0, f"{name} exited {proc.returncode}"


def check_xml(addon_dirs):
    from lxml import etree  # Odoo's dependency, in the venv

    bad = []
    files = list(walk_files(addon_dirs, ".xml"))
    for path in files:
        try:
            etree.parse(str(path))
        except (etree.XMLSyntaxError, OSError) as exc:
            bad.append(f"{path}: {exc}")
    for line in bad:
        say(line)
    say(f"{len(files)} XML files checked, {len(bad)} not well-formed")
    return not bad, f"{len(bad)} XML file(s) not well-formed"


def check_compile(roots):
    bad = []
    files = list(walk_files(roots, ".py"))
    for path in files:
        try:
            compile(path.read_bytes(), str(path), "exec", dont_inherit=True)
        except (SyntaxError, ValueError) as exc:
            bad.append(f"{path}: {exc}")
    for line in bad:
        say(line)
    say(f"{len(files)} Python files checked, {len(bad)} do not compile")
    return not bad, f"{len(bad)} Python file(s) do not compile"


def lint_targets(addons_root, addons):
    """The addons under test and every top-level entry of the repository that
    is not an addon (scripts, tests, ...)."""
    repo_addons = set(discover_addons(REPO))
    targets = [addons_root / name for name in addons]
    for child in sorted(REPO.iterdir()):
        if child.name.startswith(".") or child.name in repo_addons | SKIP_DIRS:
            continue
        if child.is_dir() or child.suffix == ".py":
            targets.append(child)
    return targets


def translation_files(addon_dirs):
    return [str(path) for d in addon_dirs for path in sorted(d.glob("i18n/*.po*"))]


#: The .po files are written by Odoo's export and msgmerge (GNU layout), not
#: re-sorted and re-wrapped as OCA's po-pretty-format wants.
OCA_PO_ARGS = ["--disable=po-pretty-format"]


def run_lint(addons_root, addons, lint):
    py = sys.executable
    roots = lint_targets(addons_root, addons)
    addon_dirs = [addons_root / name for name in addons]
    config = str(REPO / "pyproject.toml")
    targets = [str(root) for root in roots]
    checks = [
        (
            "ruff check",
            lambda: run_tool(
                "ruff check",
                [py, "-m", "ruff", "check", "--config", config, "--no-fix", *targets],
                REPO,
            ),
        ),
        (
            "ruff format --check",
            lambda: run_tool(
                "ruff format",
                [py, "-m", "ruff", "format", "--config", config, "--check", *targets],
                REPO,
            ),
        ),
        (
            "pylint-odoo",
            lambda: (
                run_tool(
                    "pylint",
                    [py, "-m", "pylint", f"--rcfile={REPO / '.pylintrc'}"]
                    + [str(d) for d in addon_dirs],
                    addons_root,
                )
                if addons
                else (True, "")
            ),
        ),
        (
            "OCA module checks",
            lambda: (
                run_tool(
                    "oca-checks-odoo-module",
                    [py, "-m", "oca_pre_commit_hooks.cli", "--no-verbose"]
                    + [str(d) for d in addon_dirs],
                    addons_root,
                )
                if addons
                else (True, "")
            ),
        ),
        (
            "OCA translation checks",
            lambda: (
                run_tool(
                    "oca-checks-po",
                    [py, "-m", "oca_pre_commit_hooks.cli_po", *OCA_PO_ARGS]
                    + translation_files(addon_dirs),
                    addons_root,
                )
                if addons
                else (True, "")
            ),
        ),
        ("XML well-formed", lambda: check_xml(addon_dirs)),
        ("Python compiles", lambda: check_compile(roots)),
    ]
    for name, check in checks:
        section(f"lint: {name}")
        ok, detail = check()
        if ok:
            lint.passed.append(name)
        else:
            lint.failed.append(f"{name} ({detail})")
        say(f"--> {name}: {'passed' if ok else 'FAILED'}")


# --- databases and processes ----------------------------------------------------


def db_args():
    args = []
    for var, option in (
        ("PGHOST", "--db_host"),
        ("PGPORT", "--db_port"),
        ("PGUSER", "--db_user"),
        ("PGPASSWORD", "--db_password"),
    ):
        if os.environ.get(var):
            args.append(f"{option}={os.environ[var]}")
    return args


def odoo_base_cmd(db, script=False):
    """Odoo's command line on ``db``; ``script``: through scripts/odoo_server.py
    (needed by the prefork server, which starts its gevent process again from
    ``sys.argv[0]``)."""
    return [
        sys.executable,
        *([str(ODOO_SERVER)] if script else ["-m", "odoo"]),
        "-d",
        db,
        f"--addons-path={os.environ['TRADE_ODOO_ADDONS_PATH']}",
        *db_args(),
    ]


def pg_connect():
    import psycopg2  # Odoo's dependency, in the venv

    conn = psycopg2.connect(dbname="postgres", connect_timeout=10)
    conn.autocommit = True
    return conn


def database_exists(db):
    with pg_connect() as conn, conn.cursor() as cr:
        cr.execute("SELECT 1 FROM pg_database WHERE datname = %s", [db])
        return cr.fetchone() is not None


def drop_database(db):
    conn = pg_connect()
    try:
        with conn.cursor() as cr:
            cr.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = %s AND pid <> pg_backend_pid()",
                [db],
            )
            cr.execute(f'DROP DATABASE IF EXISTS "{db}"')
    finally:
        conn.close()
    filestore = Path(odoo_data_dir(), "filestore", db)
    shutil.rmtree(filestore, ignore_errors=True)


def odoo_data_dir():
    from odoo.tools import config

    return config["data_dir"]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def stop_process(proc, timeout=30):
    """Stops a process started with start_new_session, children included."""
    if proc is None or proc.poll() is not None:
        return
    for sig, wait in ((signal.SIGTERM, timeout), (signal.SIGKILL, 10)):
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            return
        try:
            proc.wait(wait)
            return
        except subprocess.TimeoutExpired:
            continue


class Interrupted(Exception):
    pass


def raise_interrupted(signum, _frame):
    raise Interrupted(f"interrupted by signal {signum}")


# --- Odoo install and tests -------------------------------------------------------


class LogChecker:
    """Reads Odoo's log record by record, counts and classifies."""

    def __init__(self, addons, result, echo):
        self.addons = addons
        self.result = result
        self.echo = echo
        self.own_loggers = tuple(f"odoo.addons.{name}" for name in addons)
        self.results_seen = 0
        self.lines = []
        self.test_errors = []

    def feed(self, line):
        if RECORD_RE.match(line) and self.lines:
            self.flush()
        self.lines.append(line)

    def close(self):
        """Counts the errors logged by tests that did not fail."""
        self.flush()
        failing = {name.split(": ", 1)[1] for name in self.result.failing_tests}
        for test, line in self.test_errors:
            if test not in failing:
                self.add_bad_line(line)

    def flush(self):
        if not self.lines:
            return
        lines, self.lines = self.lines, []
        match = RECORD_RE.match(lines[0])
        if not match:  # raw output before the first record
            return
        level, logger = match["level"], match["logger"]
        message = "\n".join([match["message"], *lines[1:]]).strip()
        self.classify(level, logger, message, lines)

    def is_own(self, logger):
        return any(
            logger == own or logger.startswith(own + ".") for own in self.own_loggers
        )

    def classify(self, level, logger, message, lines):
        result = self.result
        summary = message.splitlines()[0].strip() if message else ""
        first_line = f"{level} {logger}: {summary}"
        result_match = RESULT_RE.search(message)
        if logger == "odoo.tests.result" and result_match:
            self.results_seen += 1
            result.run += int(result_match["run"])
            result.failed += int(result_match["failed"])
            result.errors += int(result_match["errors"])
            self.echo(lines[0])
            return
        skip = SKIP_RE.match(message)
        if skip and level == "INFO":
            result.skipped += 1
            description = f"{skip['test']}: {skip['reason'].strip()}"
            result.skipped_tests.append(description)
            if BROWSER_SKIP_RE.search(skip["reason"]):
                result.browser_skips.append(description)
            self.echo(lines[0])
            return
        failure = TEST_FAILURE_RE.match(message)
        if failure and level == "ERROR":
            result.failing_tests.append(f"{failure['kind']}: {failure['test']}")
        if level in ("ERROR", "CRITICAL"):
            raised = [line for line in lines[1:] if EXCEPTION_LINE_RE.match(line)]
            if raised:
                first_line += f" [{raised[-1].strip()}]"
            test_logger = TEST_LOGGER_RE.search(logger)
            if COUNTED_ERROR_RE.search(message):
                pass
            elif test_logger and self.is_own(logger):
                # Browser output of a test: part of that test's failure.
                self.test_errors.append((test_logger["test"], first_line))
            else:
                self.add_bad_line(first_line)
            self.echo("\n".join(lines))
            return
        if level == "WARNING":
            if HARMLESS_WARNING_RE.search(message):
                result.other_warnings += 1
            elif (
                self.is_own(logger)
                or logger.startswith(STRICT_WARNING_LOGGERS)
                or STRICT_WARNING_RE.search(message)
            ):
                self.add_bad_line(first_line)
            else:
                result.other_warnings += 1
            self.echo("\n".join(lines[:15]))
            return
        if self.is_progress(logger, message):
            self.echo(lines[0])

    def add_bad_line(self, line):
        """Each distinct offending line counts once (Odoo repeats some of them
        at every registry reload)."""
        if line not in self.result.bad_lines:
            self.result.bad_lines.append(line)

    def is_progress(self, logger, message):
        if logger == "odoo.modules.loading":
            return bool(PROGRESS_RE.match(message))
        if logger == "odoo.service.server":
            return "tests" in message
        return self.is_own(logger) and message.startswith("Starting ")


def stream_odoo(cmd, log_path, checker, timeout, on_timeout):
    """Run Odoo's command ``cmd``, its output into ``log_path`` and, line by
    line, into ``checker``; stop it after ``timeout`` seconds (then call
    ``on_timeout``). Return its exit code."""
    deadline = time.monotonic() + timeout
    proc = None
    with open(log_path, "w", encoding="utf-8") as log:
        try:
            proc = subprocess.Popen(
                cmd,
                cwd=REPO,
                env=dict(os.environ, PYTHONUNBUFFERED="1"),
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
                errors="replace",
                bufsize=1,
                start_new_session=True,
            )
            for raw in proc.stdout:
                log.write(raw)
                checker.feed(raw.rstrip("\n"))
                if time.monotonic() > deadline:
                    on_timeout()
                    stop_process(proc, timeout=5)
                    break
            checker.close()
            return proc.wait()
        finally:
            stop_process(proc)


def run_odoo_tests(db, addons, log_path, result, timeout):
    port = free_port()
    cmd = odoo_base_cmd(db) + [
        "-i",
        ",".join(addons),
        "--test-enable",
        "--test-tags",
        ",".join(f"/{name}" for name in addons),
        "--stop-after-init",
        "--log-level=info",
        "--http-interface",
        "127.0.0.1",
        "--http-port",
        str(port),
        "--max-cron-threads",
        "0",
    ]
    section(f"Odoo: install {', '.join(addons)} with demo data and run their tests")
    say(f"database {db}; full log: {log_path}")
    say(f"$ {shown(cmd)}")
    checker = LogChecker(addons, result, lambda text: say(f"  | {text}"))
    result.ran = True
    returncode = stream_odoo(
        cmd,
        log_path,
        checker,
        timeout,
        lambda: result.problems.append(
            f"Odoo test run killed after {timeout}s (TRADE_TEST_TIMEOUT)"
        ),
    )
    if checker.results_seen == 0:
        say(f"Odoo exited {returncode}; last lines of {log_path}:")
        say(log_tail(log_path))
        result.problems.append(
            f"Odoo exited {returncode} without its test result line "
            "(crash or failed install): see the errors above"
        )
    elif returncode != 0 and result.failed + result.errors == 0:
        result.problems.append(f"Odoo exited {returncode} although no test failed")
    if checker.results_seen and result.run == 0:
        result.problems.append("Odoo ran 0 tests: every addon must have tests")


# --- cross-addon tests --------------------------------------------------------


def wait_for_health(proc, url, log_path, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            return f"Odoo server exited {proc.returncode} before answering"
        try:
            with urllib.request.urlopen(url + "/web/health", timeout=5) as response:
                if response.status == 200:
                    return None
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(1)
    return f"Odoo server did not answer {url}/web/health within {timeout}s"


def log_tail(path, count=40):
    try:
        lines = Path(path).read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return ""
    return "\n".join(lines[-count:])


def parse_junit(path, result):
    root = ET.parse(path).getroot()
    for case in root.iter("testcase"):
        name = f"{case.get('classname', '')}::{case.get('name', '')}"
        kinds = {child.tag for child in case}
        if "failure" in kinds:
            result.failed += 1
            result.failing_tests.append(f"FAIL: {name}")
        elif "error" in kinds:
            result.errors += 1
            result.failing_tests.append(f"ERROR: {name}")
        elif "skipped" in kinds:
            result.skipped += 1
        else:
            result.passed += 1


def deactivate_online_service_crons(db):
    """Deactivates ONLINE_SERVICE_CRONS on the test database; returns their names."""
    import psycopg2  # Odoo's dependency, in the venv

    names = [xml_id.split(".", 1) for xml_id in ONLINE_SERVICE_CRONS]
    conn = psycopg2.connect(dbname=db, connect_timeout=10)
    try:
        with conn, conn.cursor() as cr:
            cr.execute(
                "UPDATE ir_cron SET active = false FROM ir_model_data d "
                "WHERE d.model = 'ir.cron' AND d.res_id = ir_cron.id "
                "AND (d.module, d.name) IN %s RETURNING ir_cron.cron_name",
                [tuple(map(tuple, names))],
            )
            return sorted(str(name) for (name,) in cr.fetchall())
    finally:
        conn.close()


def cross_test_server_cmd(db, port, gevent_port):
    """Odoo in prefork mode on the test database, as in production: HTTP
    workers, a cron worker, the gevent process; Odoo's default limits."""
    return odoo_base_cmd(db, script=True) + [
        f"--db-filter=^{re.escape(db)}$",
        "--http-interface",
        "127.0.0.1",
        "--http-port",
        str(port),
        f"--gevent-port={gevent_port}",
        f"--workers={CROSS_TEST_WORKERS}",
        f"--max-cron-threads={CROSS_TEST_CRON_WORKERS}",
        "--log-level=info",
    ]


@dataclass
class ServerLog:
    """What the prefork server's log tells: its workers, the scheduled jobs
    it ran, its errors (each distinct first line once)."""

    http_workers: set = field(default_factory=set)
    cron_workers: set = field(default_factory=set)
    jobs_done: int = 0
    gevent: bool = False
    errors: list = field(default_factory=list)
    conflicts: list = field(default_factory=list)


WORKER_ALIVE_RE = re.compile(
    r"^Worker (?P<kind>WorkerHTTP|WorkerCron) \((?P<pid>\d+)\) alive"
)
# Logged by the gevent (websocket) process once it serves.
GEVENT_RE = re.compile(r"^Evented Service \(longpolling\) running on ")
# A statement that failed because another transaction changed the same rows
# at the same moment: Odoo runs the request again (odoo.service.model
# retrying) or the scheduled job at its next call, after rolling it back.
CONCURRENT_UPDATE_RE = re.compile(
    r"SerializationFailure|could not serialize access|LockNotAvailable|"
    r"could not obtain lock"
)
JOB_DONE_RE = re.compile(r"^Job '.*' \(\d+\) done in ")


def read_server_log(path):
    """Reads the server's log record by record (a traceback belongs to the
    record above it). Errors: every ERROR or CRITICAL record, and output
    before the first record; a warning is the expected answer to a refused
    call (odoo.http). A statement or a scheduled job that failed on a
    concurrent update of the same rows is a conflict, not an error: Odoo rolls
    it back and runs the request again at once, the job at its next call."""
    log = ServerLog()
    raw_before = []
    try:
        lines = Path(path).read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError as exc:
        log.errors.append(f"cannot read {path}: {exc}")
        return log
    current = None
    records = []
    for line in lines:
        match = RECORD_RE.match(line)
        if match:
            current = [match, []]
            records.append(current)
        elif current is not None:
            current[1].append(line)
        elif line.strip() and not HARMLESS_WARNING_RE.search(line):
            raw_before.append(line)
    for line in raw_before[:1]:
        log.errors.append(f"output outside the log: {line.strip()}")
    for match, extra in records:
        message = match["message"].strip()
        alive = WORKER_ALIVE_RE.match(message)
        if alive:
            workers = (
                log.http_workers if alive["kind"] == "WorkerHTTP" else log.cron_workers
            )
            workers.add(int(alive["pid"]))
        elif match["logger"] == "odoo.addons.base.models.ir_cron" and JOB_DONE_RE.match(
            message
        ):
            log.jobs_done += 1
        elif GEVENT_RE.match(message):
            log.gevent = True
        if match["level"] in ("ERROR", "CRITICAL"):
            raised = [line for line in extra if EXCEPTION_LINE_RE.match(line)]
            first = f"{match['level']} {match['logger']}: {message.splitlines()[0]}"
            if raised:
                first += f" [{raised[-1].strip()}]"
            conflict = match["logger"] in (
                "odoo.addons.base.models.ir_cron",
                "odoo.sql_db",
            ) and any(CONCURRENT_UPDATE_RE.search(line) for line in extra)
            found = log.conflicts if conflict else log.errors
            if first not in found:
                found.append(first)
    return log


def run_cross_tests(db, addons, log_dir, result, wait):
    tests_dir = REPO / "tests"
    section(
        "cross-addon tests (pytest against Odoo in prefork mode: "
        f"workers={CROSS_TEST_WORKERS}, cron={CROSS_TEST_CRON_WORKERS})"
    )
    if not tests_dir.is_dir():
        result.problems.append(f"{tests_dir} is missing")
        return
    port = free_port()
    gevent_port = free_port()
    while gevent_port == port:
        gevent_port = free_port()
    url = f"http://127.0.0.1:{port}"
    server_log = log_dir / "odoo-server.log"
    junit = log_dir / "pytest-junit.xml"
    junit.unlink(missing_ok=True)
    skipped_crons = deactivate_online_service_crons(db)
    if skipped_crons:
        names = ", ".join(skipped_crons)
        say(f"deactivated (they call Odoo's online services): {names}")
    cmd = cross_test_server_cmd(db, port, gevent_port)
    say(f"$ {shown(cmd)}")
    say(f"server log: {server_log}")
    server = None
    result.ran = True
    try:
        with open(server_log, "w", encoding="utf-8") as log:
            server = subprocess.Popen(
                cmd,
                cwd=REPO,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        problem = wait_for_health(server, url, server_log, wait)
        if problem:
            result.problems.append(problem)
            say(f"{problem}; last lines of {server_log}:")
            say(log_tail(server_log))
            return
        say(f"Odoo answers on {url}")
        env = dict(
            os.environ,
            TRADE_ODOO_URL=url,
            TRADE_ODOO_DB=db,
            TRADE_ODOO_ADMIN_PASSWORD="admin",
            TRADE_ODOO_ADDONS=",".join(addons),
            TRADE_ODOO_WORKERS=str(CROSS_TEST_WORKERS),
        )
        pytest_cmd = [
            sys.executable,
            "-m",
            "pytest",
            str(tests_dir),
            "-p",
            "no:cacheprovider",
            f"--junitxml={junit}",
            "-o",
            "junit_family=xunit2",
            "-rfEs",
        ]
        say(f"$ {shown(pytest_cmd)}")
        code = subprocess.run(pytest_cmd, cwd=REPO, env=env, check=False).returncode
    finally:
        stop_process(server)
    check_server_log(server_log, result)
    if code == 5:
        result.problems.append("pytest collected no test in tests/")
    if not junit.is_file():
        result.problems.append(f"pytest exited {code} without a JUnit report")
        return
    parse_junit(junit, result)
    if code not in (0, 1, 5) and result.failed + result.errors == 0:
        result.problems.append(f"pytest exited {code}")
    if code == 1 and result.failed + result.errors == 0:
        result.problems.append("pytest reported a failure its JUnit report lacks")


def check_server_log(server_log, result):
    """The prefork server really ran (its HTTP and cron workers and its gevent
    process started) and logged no error; each error counts as a failure."""
    log = read_server_log(server_log)
    result.server = (
        f"prefork server: {len(log.http_workers)} HTTP worker(s), "
        f"{len(log.cron_workers)} cron worker(s), {log.jobs_done} scheduled job "
        f"run(s) during the tests, {len(log.conflicts)} statement(s) or job(s) "
        f"rolled back on a concurrent update and run again by Odoo, "
        f"{len(log.errors)} error(s) in {server_log}"
    )
    say(result.server)
    for line in log.conflicts:
        say(f"  - conflict: {line}")
    if len(log.http_workers) < CROSS_TEST_WORKERS:
        result.problems.append(
            f"the server log shows {len(log.http_workers)} HTTP worker(s) started, "
            f"not {CROSS_TEST_WORKERS}: not a prefork run"
        )
    if len(log.cron_workers) < CROSS_TEST_CRON_WORKERS:
        result.problems.append("the server log shows no cron worker started")
    if not log.gevent:
        result.problems.append("the server's gevent (websocket) process never served")
    for line in log.errors:
        say(f"  - {line}")
        result.problems.append(f"server log: {line}")


# --- summary ------------------------------------------------------------------


def print_summary(report, db, keep_db, addons, log_dir):
    lint, odoo, tests = report.lint, report.odoo, report.pytest
    section("summary")
    say(f"addons: {', '.join(addons) if addons else '(none)'}")
    if lint.passed or lint.failed:
        say(f"lint: {len(lint.passed)} passed, {len(lint.failed)} failed")
        for name in lint.failed:
            say(f"  - FAILED {name}")
    if odoo.ran:
        say(
            f"odoo tests: {odoo.run} run, {odoo.failed} failed, {odoo.errors} error(s),"
            f" {odoo.skipped} skipped (log: {log_dir / 'odoo-install-tests.log'})"
        )
        for name in odoo.failing_tests:
            say(f"  - {name}")
        for name in odoo.skipped_tests:
            say(f"  - skipped {name}")
        if odoo.browser_skips:
            state = "counted as failed: install chromium or set TRADE_SKIP_BROWSER=1"
            if report.browser_allowed:
                state = "allowed by TRADE_SKIP_BROWSER=1"
            count = len(odoo.browser_skips)
            say(f"browser tests that could not run: {count} ({state})")
        say(
            f"log check: {len(odoo.bad_lines)} offending line(s)"
            f" ({odoo.other_warnings} harmless warning(s) ignored)"
        )
        for line in odoo.bad_lines:
            say(f"  - {line}")
        for problem in odoo.problems:
            say(f"  - {problem}")
    if tests.ran:
        say(
            f"cross-addon tests: {tests.passed} passed, {tests.failed} failed,"
            f" {tests.errors} error(s), {tests.skipped} skipped"
            f" (Odoo in prefork mode: workers={CROSS_TEST_WORKERS},"
            f" cron={CROSS_TEST_CRON_WORKERS})"
        )
        if tests.server:
            say(f"  {tests.server}")
        for name in tests.failing_tests + tests.problems:
            say(f"  - {name}")
    packaging = report.packaging
    if packaging.passed or packaging.failed:
        say(
            f"pip wheels and uninstall: {len(packaging.passed)} passed,"
            f" {len(packaging.failed)} failed"
        )
        for name in packaging.failed:
            say(f"  - FAILED {name}")
    compat = report.compat
    if compat is not None:
        say(
            f"Odoo's own tests (compatibility): {compat.run} run, {compat.passed}"
            f" passed, {len(compat.failing)} failed of which {len(compat.known)}"
            f" in the baseline (counted as skipped), {len(compat.new)} new"
            f" failure(s), {compat.skipped} skipped"
            f" (log: {log_dir / 'compat' / 'compat-tests.log'})"
        )
        for name in compat.new:
            say(f"  - NEW {name}")
        for problem in compat.problems:
            say(f"  - {problem}")
    for problem in report.problems:
        say(f"problem: {problem}")
    if db:
        say(f"database: {db} ({'kept' if keep_db else 'dropped'})")
    passed, failed, skipped = report.totals()
    say(f"{passed} passed, {failed} failed, {skipped} skipped")
    return failed


# --- pip wheels ----------------------------------------------------------------


def run_wheel_checks(db, addons_root, addons, log_dir, packaging):
    """Build the addons' wheels, install them into a clean virtual environment
    and load them from there on the test database (scripts/check_wheels.py).
    Only on a run of every addon: each wheel requires the wheels of the addons
    it depends on."""
    section("pip wheels: build, install into a clean environment, load")
    if set(addons) != set(discover_addons(REPO)):
        say("skipped: the wheels are checked on a run of every addon")
        return
    sys.path.insert(0, str(REPO / "scripts"))
    import check_wheels  # noqa: PLC0415 - the scripts folder, added just above

    results = check_wheels.check(addons_root, addons, db, db_args(), log_dir / "pip")
    for name, ok, detail in results:
        say(f"--> {name}: {'passed' if ok else 'FAILED'} ({detail})")
        (packaging.passed if ok else packaging.failed).append(name)
    if len(results) < 3:
        packaging.failed.append("wheels: load (not reached)")


def run_compat(db, addons, log_dir, report, timeout):
    """Odoo's own post_install tests on the test database, compared with the
    baseline (scripts/test_compat.py). Only on a run of every addon: the
    database then has every app the addons extend."""
    section("compatibility: Odoo's own tests with the addons installed")
    if set(addons) != set(discover_addons(REPO)):
        say("skipped: the compatibility run is part of a run of every addon")
        return
    sys.path.insert(0, str(REPO / "scripts"))
    import test_compat  # noqa: PLC0415 - the scripts folder, added just above

    report.compat = test_compat.CompatResult()
    compat_dir = log_dir / "compat"
    compat_dir.mkdir(parents=True, exist_ok=True)
    try:
        test_compat.run(db, compat_dir, report.compat, timeout, reuse=True)
    finally:
        test_compat.print_counts(report.compat)


def run_uninstall_checks(db, addons, log_dir, packaging):
    """Uninstall the addons from the test database (last, it is dropped
    afterwards) and check what they leave (scripts/check_uninstall.py)."""
    section("uninstall: every addon, then nothing left and Odoo still sells")
    if set(addons) != set(discover_addons(REPO)):
        say("skipped: the uninstall is checked on a run of every addon")
        return
    log = log_dir / "uninstall.log"
    paths = os.environ["TRADE_ODOO_ADDONS_PATH"]
    cmd = [sys.executable, str(REPO / "scripts" / "check_uninstall.py"), "--db", db]
    cmd += [f"--addons-path={paths}"] + [f"--db-option={arg}" for arg in db_args()]
    say(f"$ {shown(cmd)}")
    say(f"log: {log}")
    with open(log, "w") as out:
        subprocess.run(cmd, stdout=out, stderr=subprocess.STDOUT, check=False)
    lines = log.read_text(errors="replace").splitlines()
    results = [
        json.loads(line.split(" ", 1)[1])
        for line in lines
        if line.startswith("RESULTS ")
    ]
    for line in lines:
        if line.startswith(("created by the addons", "records kept by Odoo")):
            say(line)
    if not results:
        packaging.failed.append("uninstall (no result, see the log)")
        return
    for name, ok, detail in results[-1]:
        say(f"--> {name}: {'passed' if ok else 'FAILED'} ({detail})")
        (packaging.passed if ok else packaging.failed).append(name)


# --- main ----------------------------------------------------------------------------


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--addons",
        action="append",
        default=[],
        help="comma-separated addons to test (default: every addon)",
    )
    parser.add_argument("--no-lint", action="store_true", help="skip the lint checks")
    parser.add_argument(
        "--keep-db", action="store_true", help="keep the database (TRADE_KEEP_DB=1)"
    )
    return parser.parse_args(argv)


def select_addons(args, addons_root, report):
    available = discover_addons(addons_root)
    wanted = [name for value in args.addons for name in value.split(",") if name]
    if not wanted:
        if not available:
            report.problems.append(f"no addons found in {addons_root}")
        return available
    unknown = sorted(set(wanted) - set(available))
    if unknown:
        report.problems.append(f"unknown addon(s) for --addons: {', '.join(unknown)}")
    return [name for name in wanted if name in available]


def main(argv):
    args = parse_args(argv)
    for name in ("SIGTERM", "SIGHUP"):
        signal.signal(getattr(signal, name), raise_interrupted)
    if "TRADE_ODOO_ADDONS_PATH" not in os.environ:
        say("error: run the tests through scripts/test.sh (it prepares Odoo)")
        say("0 passed, 1 failed")
        return 1
    addons_root = Path(os.environ.get("TRADE_ADDONS_ROOT") or REPO).resolve()
    log_dir = Path(os.environ.get("TRADE_TEST_LOG_DIR") or REPO / ".test-logs")
    log_dir.mkdir(parents=True, exist_ok=True)
    keep_db = args.keep_db or env_flag("TRADE_KEEP_DB")
    timeout = int(os.environ.get("TRADE_TEST_TIMEOUT", "3600"))
    report = Report(browser_allowed=env_flag("TRADE_SKIP_BROWSER"))
    addons = select_addons(args, addons_root, report)
    say(f"addons root: {addons_root}; addons: {', '.join(addons) or '(none)'}")
    db = None
    try:
        if not args.no_lint:
            run_lint(addons_root, addons, report.lint)
        if addons:
            prefix = os.environ.get("TRADE_TEST_DB_PREFIX", "trade_test")
            db = f"{prefix}_{datetime.now():%Y%m%d%H%M%S}_{os.getpid()}"
            run_odoo_tests(
                db, addons, log_dir / "odoo-install-tests.log", report.odoo, timeout
            )
            if database_exists(db):
                wait = int(os.environ.get("TRADE_SERVER_WAIT", "180"))
                run_cross_tests(db, addons, log_dir, report.pytest, wait)
                run_wheel_checks(db, addons_root, addons, log_dir, report.packaging)
                run_compat(db, addons, log_dir, report, timeout)
                run_uninstall_checks(db, addons, log_dir, report.packaging)
            else:
                report.problems.append(
                    f"database {db} was not created: cross-addon tests not run"
                )
    except (Interrupted, KeyboardInterrupt) as exc:
        report.problems.append(f"test run interrupted: {exc or 'Ctrl-C'}")
    except Exception as exc:  # reported as a failure, never a pass
        report.problems.append(f"test harness error: {exc!r}")
    finally:
        if db:
            if keep_db:
                say(f"keeping database {db} (TRADE_KEEP_DB)")
            else:
                try:
                    drop_database(db)
                except Exception as exc:
                    report.problems.append(f"could not drop database {db}: {exc}")
    failed = print_summary(report, db, keep_db, addons, log_dir)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
