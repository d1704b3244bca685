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
