"""Project files agree with each other: pyproject vs environment.yml, README vs schema, Makefile."""

import re
import subprocess
import tomllib

from fazhi import readme

from conftest import ROOT


def _norm(req: str) -> tuple[str, str]:
    m = re.match(r"^\s*([A-Za-z0-9_.\-]+)\s*(.*)$", req)
    return m.group(1).lower().replace("_", "-"), m.group(2).replace(" ", "")


def test_environment_yml_matches_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    wanted = {_norm(r) for r in project["dependencies"] + project["optional-dependencies"]["dev"]}
    env_lines = (ROOT / "environment.yml").read_text("utf-8").splitlines()
    have = set()
    for line in env_lines:
        m = re.match(r"^\s*-\s+([A-Za-z0-9_.\-]+[<>=!~].*)$", line)
        if m and not m.group(1).startswith("python="):
            have.add(_norm(m.group(1)))
    assert have == wanted
    assert any(re.match(r"^\s*-\s+python=3\.11\s*$", line) for line in env_lines)


def test_readme_data_dictionary_is_current():
    text = (ROOT / "README.md").read_text("utf-8")
    assert readme.render(text) == text, "run `make dictionary`"


def test_readme_puts_the_two_commands_first():
    text = (ROOT / "README.md").read_text("utf-8")
    assert text.index("make briefing") < text.index("## Using it")
    assert text.index("make test") < text.index("## Using it")


def test_make_help_lists_the_targets():
    r = subprocess.run(["make", "-s", "help"], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert r.returncode == 0
    for target in ("briefing", "test", "build", "dictionary", "clean"):
        assert re.search(rf"\b{target}\b", r.stdout), target


def test_ci_runs_the_readme_test_command():
    assert "make test" in (ROOT / ".ci" / "run").read_text("utf-8")


def test_the_version_is_declared_once_in_each_place():
    import tomllib

    import fazhi

    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    assert fazhi.__version__ == project["version"]
