"""Session fixtures shared by the tests (tests/) and the docstring examples (fazhi/):
the five founding documents built once, and the corpus loaded from them.  In a docstring
example ``corpus`` is that corpus and ``pd`` is pandas."""

from pathlib import Path

import pytest

RAW = Path(__file__).resolve().parent / "data" / "raw"


@pytest.fixture(scope="session")
def built(tmp_path_factory):
    """The five founding documents built into a temporary folder: (summary, folder)."""
    import fazhi

    out = tmp_path_factory.mktemp("processed")
    summary = fazhi.build(RAW, out)
    return summary, out


@pytest.fixture(scope="session")
def corpus(built):
    import fazhi

    return fazhi.load(built[1])


@pytest.fixture(autouse=True)
def _doctest_names(request):
    """``corpus`` and ``pd`` in the namespace of docstring examples (built only when an example runs)."""
    from _pytest.doctest import DoctestItem

    if isinstance(request.node, DoctestItem):
        import pandas as pd

        ns = request.getfixturevalue("doctest_namespace")
        ns["pd"] = pd
        ns["corpus"] = request.getfixturevalue("corpus")


#: Test files that share a costly session fixture (``briefings``, ``office``): ``make test``
#: (``pytest -n 2``) runs each group in one worker, so the fixture is made once, and starts them
#: first (they are the longest); every other file is a group of its own (its module fixtures
#: made once too).  A new file using one of these fixtures belongs here.
XDIST_GROUPS = {
    "tests/report/test_briefings.py": "briefings and Chromium",
    "tests/report/test_site.py": "briefings and Chromium",
    "tests/ingest/test_formats.py": "office files",
    "tests/ingest/test_formats_build.py": "office files",
}


def pytest_collection_modifyitems(items):
    items.sort(key=lambda item: item.nodeid.split("::")[0] not in XDIST_GROUPS)  # stable: the groups first


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config, log):
    from xdist.scheduler import LoadScopeScheduling

    class FileGroups(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            path = nodeid.split("::")[0]
            return XDIST_GROUPS.get(path, path)

    config.option.loadscopereorder = False  # the collection's order: the long groups first
    return FileGroups(config, log)
