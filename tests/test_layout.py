"""The package's layout: stage packages in one direction, storage behind one door.

The contracts are declared in ``pyproject.toml`` ([tool.importlinter]); this runs them,
so a change that makes domain code import storage, a report import the analysis, or
any import cycle fails the suite.
"""

from __future__ import annotations

import re
import subprocess
import sys

from conftest import ROOT


def test_the_import_contracts_hold():
    # import-linter's own command line (`lint-imports`), in this interpreter whatever the environment.
    command = [sys.executable, "-c", "from importlinter.cli import lint_imports_command; lint_imports_command()"]
    r = subprocess.run([*command, "--config", str(ROOT / "pyproject.toml"), "--no-cache"], capture_output=True, text=True, cwd=ROOT, timeout=300, check=False)
    assert r.returncode == 0, r.stdout[-3000:] + r.stderr[-2000:]
    assert "5 kept, 0 broken" in r.stdout


def test_the_contracts_name_every_stage_package():
    declared = (ROOT / "pyproject.toml").read_text("utf-8")
    packages = sorted(p.name for p in (ROOT / "fazhi").iterdir() if (p / "__init__.py").exists())
    assert packages == ["analyze", "extract", "ingest", "parse", "report", "store"]
    for name in packages:
        assert f'"fazhi.{name}"' in declared


def test_the_readme_lists_every_module_of_the_package():
    readme = (ROOT / "README.md").read_text("utf-8")
    section = readme.split("## How the code is laid out", 1)[1].split("\n## ", 1)[0]
    listed = set(re.findall(r"([a-z0-9_]+\.py)\b", section))
    modules = {p.name for p in (ROOT / "fazhi").rglob("*.py") if p.name != "__init__.py"}
    assert modules - listed == set(), "modules missing from the README's layout section"
    assert listed - modules == set(), "the README's layout section names modules that do not exist"


NOTEBOOK_API = ["fazhi.corpus", "fazhi.report.view", "fazhi.report.provenance", "fazhi.report.overview", "fazhi.report.targets", "fazhi.report.themepage", "fazhi.report.sharedtext", "fazhi.report.profile", "fazhi.report.compare", "fazhi.report.fulltext", "fazhi.report.i18n",
                "fazhi.report.render", "fazhi.report.summaries", "fazhi.report.briefing", "fazhi.export", "fazhi.tables"]  # fmt: skip


def test_every_public_function_of_the_notebook_api_has_an_example():
    """What notebooks and researchers call has a docstring with an example (run by the
    doctests, with ``corpus`` the founding corpus, unless it needs a notebook or kernels)."""
    import importlib
    import inspect

    missing = []
    for name in NOTEBOOK_API:
        module = importlib.import_module(name)
        for attr, obj in vars(module).items():
            if attr.startswith("_") or getattr(obj, "__module__", None) != name or not callable(obj):
                continue
            members = [(f"{attr}.{m}", o) for m, o in vars(obj).items() if not m.startswith("_") and callable(o)] if inspect.isclass(obj) else [(attr, obj)]
            missing += [f"{name}.{q}" for q, o in members if ">>>" not in (o.__doc__ or "")]
    assert missing == []


def test_every_file_using_a_costly_session_fixture_is_in_its_worker_group():
    """make test runs pytest -n 2: a test file that uses ``briefings`` or ``office`` outside its
    group (conftest.XDIST_GROUPS) would make the other worker build the fixture a second time."""
    import ast
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    module = ast.parse((root / "conftest.py").read_text("utf-8"))
    groups = next(ast.literal_eval(n.value) for n in module.body if isinstance(n, ast.Assign) and getattr(n.targets[0], "id", "") == "XDIST_GROUPS")
    using = {p.relative_to(root).as_posix() for p in (root / "tests").rglob("test_*.py")
             if re.search(r"def \w+\((?:[^)]*[ ,(])?(?:briefings|office|hostile_briefings)[,)]", p.read_text("utf-8"))}  # fmt: skip
    assert using and using <= set(groups), using - set(groups)
