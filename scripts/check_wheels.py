"""The addons as pip packages: build each addon's wheel with whool (the OCA
build backend, version from the manifest), install the wheels into a clean
virtual environment that sees Odoo but not this repository, and check that
Odoo loads the addons from the installed wheels on a database where they are
installed.

Used by scripts/run_tests.py (one check each: build, install, load); can also
be run alone:

    .venv/bin/python scripts/check_wheels.py --db <database with the addons>

The clean environment sees Odoo and its Python dependencies through a ``.pth``
file naming the site directories of the interpreter that runs this script (the
project's virtual environment), so the check runs offline; pip installs the
wheels with ``--no-index`` from the folder they were built into.
"""

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

LOAD_CHECK = r"""
import json
import os
import sys

import odoo
from odoo.modules.module import get_module_path
from odoo.tools import config

addons, site_dir, repo, db_options = json.loads(sys.argv[1])
config.parse_config(db_options)
odoo.modules.module.initialize_sys_path()
problems = []
repo = os.path.realpath(repo)
if any(os.path.realpath(path) == repo for path in odoo.addons.__path__):
    problems.append(f"the repository is on the addons path: {odoo.addons.__path__}")
for addon in addons:
    path = get_module_path(addon, display_warning=False) or ""
    if not path.startswith(site_dir):
        problems.append(f"{addon} is loaded from {path or 'nowhere'}, not {site_dir}")
registry = odoo.modules.registry.Registry(config["db_name"])
with registry.cursor() as cr:
    env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
    modules = env["ir.module.module"].search([("name", "in", addons)])
    states = {module.name: module.state for module in modules}
    for addon in addons:
        if states.get(addon) != "installed":
            state = states.get(addon, "unknown")
            problems.append(f"{addon} is {state} in the database")
        module = sys.modules.get(f"odoo.addons.{addon}")
        if module is None or not module.__file__.startswith(site_dir):
            problems.append(f"odoo.addons.{addon} was not imported from the wheel")
    models = ("trade.contract", "trade.credit.exception", "trade.appraisal.scorecard")
    for model in models:
        if model not in env:
            problems.append(f"model {model} is not in the registry")
for problem in problems:
    print(problem)
print(f"{len(addons)} addons loaded from {site_dir}" if not problems else "load failed")
sys.exit(1 if problems else 0)
"""


def run(cmd, **kw):
    print("$ " + " ".join(str(part) for part in cmd), flush=True)
    proc = subprocess.run(
        cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, **kw
    )
    if proc.stdout.strip():
        print(proc.stdout.strip(), flush=True)
    return proc.returncode == 0


def host_site_dirs():
    """The site directories of this interpreter (Odoo and its dependencies)."""
    return [
        path
        for path in sys.path
        if path.rstrip("/").endswith(("site-packages", "dist-packages"))
        and os.path.isdir(path)
    ]


def build(addons_root, addons, wheel_dir):
    wheel_dir.mkdir(parents=True, exist_ok=True)
    for old in wheel_dir.glob("*.whl"):
        old.unlink()
    cmd = [sys.executable, "-m", "pip", "wheel", "--disable-pip-version-check"]
    cmd += ["--no-deps", "--no-build-isolation", "--no-cache-dir", "-w", wheel_dir]
    ok = run(cmd + [addons_root / addon for addon in addons], cwd=REPO)
    built = sorted(path.name for path in wheel_dir.glob("*.whl"))
    expected = [f"odoo_addon_{addon}-" for addon in addons]
    missing = [name for name in expected if not any(w.startswith(name) for w in built)]
    return ok and not missing, f"wheels built: {', '.join(built) or 'none'}"


def odoo_source_root():
    """The folder holding the ``odoo`` package this interpreter imports.

    Named on the clean environment's path too: an editable install of Odoo
    (``pip install -e``) is found by an import hook that comes after the
    namespace the wheels install (``odoo/addons/<addon>``), whereas a folder on
    the path holding the regular ``odoo`` package always wins over it."""
    import odoo  # noqa: PLC0415 - the interpreter running the checks has Odoo

    return os.path.dirname(os.path.realpath(odoo.__path__[0]))


def create_venv(venv_dir):
    """A new virtual environment of the base interpreter, with pip, that sees
    this interpreter's site directories and its Odoo through a .pth file."""
    shutil.rmtree(venv_dir, ignore_errors=True)
    base = getattr(sys, "_base_executable", sys.executable)
    if not run([base, "-m", "venv", venv_dir]):
        return None, None
    python = venv_dir / "bin" / "python"
    site_dir = subprocess.check_output(
        [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        text=True,
    ).strip()
    dirs = ", ".join(repr(path) for path in host_site_dirs())
    Path(site_dir, "_trade_host_site.pth").write_text(
        f"import site, sys; list(map(site.addsitedir, [{dirs}]));"
        f" sys.path.append({odoo_source_root()!r})\n"
    )
    return python, site_dir


def install(python, addons, wheel_dir):
    cmd = [python, "-m", "pip", "install", "--disable-pip-version-check"]
    cmd += ["--no-index", "--find-links", wheel_dir]
    ok = run(cmd + [f"odoo-addon-{addon}" for addon in addons], cwd=wheel_dir)
    return ok, "wheels installed" if ok else "pip could not install the wheels"


def odoo_addons_path(repo_addons_root):
    """Odoo's own addons folders: the test addons path without this repository."""
    root = os.path.realpath(repo_addons_root)
    paths = os.environ.get("TRADE_ODOO_ADDONS_PATH", "").split(",")
    return ",".join(p for p in paths if p and os.path.realpath(p) != root)


def load(python, site_dir, addons, db, db_options, addons_path):
    options = ["-d", db, *db_options]
    if addons_path:
        options.append(f"--addons-path={addons_path}")
    payload = __import__("json").dumps(
        [addons, site_dir, str(REPO), options], ensure_ascii=True
    )
    with tempfile.TemporaryDirectory() as cwd:
        ok = run([python, "-c", LOAD_CHECK, payload], cwd=cwd)
    return ok, "addons loaded from the wheels" if ok else "Odoo did not load the wheels"


def check(addons_root, addons, db, db_options, work_dir):
    """[(name, ok, detail)] for build, install and load."""
    wheel_dir = work_dir / "wheels"
    results = [("wheels: build",) + build(addons_root, addons, wheel_dir)]
    if not results[-1][1]:
        return results
    python, site_dir = create_venv(work_dir / "wheel-venv")
    if python is None:
        return results + [("wheels: install", False, "no virtual environment")]
    results.append(("wheels: install",) + install(python, addons, wheel_dir))
    if results[-1][1]:
        path = odoo_addons_path(addons_root)
        results.append(
            ("wheels: load",) + load(python, site_dir, addons, db, db_options, path)
        )
    return results


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", required=True, help="database with the addons")
    parser.add_argument(
        "--addons", default="trade_business_dept,trade_risk,trade_appraisal"
    )
    parser.add_argument(
        "--addons-path",
        help="Odoo's own addons folders (default: TRADE_ODOO_ADDONS_PATH without"
        " this repository, as scripts/env.sh exports it)",
    )
    parser.add_argument("--work-dir", default=str(REPO / ".test-logs" / "wheels"))
    args = parser.parse_args(argv)
    if args.addons_path:
        os.environ["TRADE_ODOO_ADDONS_PATH"] = args.addons_path
    results = check(
        REPO, args.addons.split(","), args.db, [], Path(args.work_dir).resolve()
    )
    for name, ok, detail in results:
        print(f"{name}: {'passed' if ok else 'FAILED'} ({detail})")
    return 0 if all(ok for _name, ok, _detail in results) and len(results) == 3 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
