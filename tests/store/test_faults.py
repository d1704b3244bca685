"""Fault injection (issue 19): a build killed at each commit step, flipped bytes in every
kind of cache entry, a killed parent of a parallel build, and every wrong kind of path.

Kills are real ``SIGKILL``s of a build running in a child process, placed by the
commit's hook points (:func:`fazhi.store.publish.hook`), not by sleeps.
"""

from __future__ import annotations

import hashlib
import os
import signal
import socket
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

import fazhi
from conftest import ROOT, SMALL_PLAN, manifest_row, write_raw
from fazhi.schema import TABLES

PYTHON = sys.executable


def _digest(out: Path) -> dict[str, str]:
    """What a reader of ``out/<table>.parquet`` sees (symlinks followed)."""
    return {name: hashlib.sha256((out / f"{name}.parquet").read_bytes()).hexdigest() for name in TABLES}


def _raw(folder: Path, variant: str) -> Path:
    text = SMALL_PLAN.replace("60学时", f"{variant}学时")
    return write_raw(folder, {"a.txt": text.encode()}, [manifest_row("a", "a.txt")])


@pytest.fixture(scope="module")
def sets(tmp_path_factory):
    """Two raw folders whose tables differ, and the tables each gives."""
    base = tmp_path_factory.mktemp("sets")
    old_raw, new_raw = _raw(base / "old", "60"), _raw(base / "new", "80")
    fazhi.build(old_raw, base / "old-out", cache=False)
    fazhi.build(new_raw, base / "new-out", cache=False)
    old, new = _digest(base / "old-out"), _digest(base / "new-out")
    assert old != new
    return old_raw, new_raw, old, new


KILL_AT = """
import os, signal, sys
import fazhi
from fazhi.store import publish
point = sys.argv[3]
def hook(where):
    if where == point:
        os.kill(os.getpid(), signal.SIGKILL)
publish.hook = hook
fazhi.build(sys.argv[1], sys.argv[2], cache=False)
"""


@pytest.mark.parametrize("point", ["written", "renamed", "switched", "linked"])
def test_a_build_killed_at_each_commit_step_leaves_the_old_set_or_the_new(sets, tmp_path, point):
    old_raw, new_raw, old, new = sets
    out = tmp_path / "out"
    fazhi.build(old_raw, out, cache=False)
    r = subprocess.run([PYTHON, "-c", KILL_AT, str(new_raw), str(out), point], cwd=ROOT, capture_output=True, timeout=300)
    assert r.returncode == -signal.SIGKILL, r.stderr.decode()[-500:]
    seen = _digest(out)
    assert seen == (old if point in ("written", "renamed") else new)
    fazhi.load(out)  # a consistent set: load() accepts it
    # The next build is not locked out by the dead one, and removes what it left.
    fazhi.build(new_raw, out, cache=False)
    assert _digest(out) == new
    assert not list((out / ".snapshots").glob(".staging-*"))
    assert len(list((out / ".snapshots").glob("snapshot-*"))) <= 2


def test_load_refuses_a_folder_mixing_two_builds(sets, tmp_path):
    old_raw, new_raw, _, _ = sets
    a, b = tmp_path / "a", tmp_path / "b"
    fazhi.build(old_raw, a, cache=False)
    fazhi.build(new_raw, b, cache=False)
    mixed = tmp_path / "mixed"
    mixed.mkdir()
    for name in TABLES:
        (mixed / f"{name}.parquet").write_bytes((a / f"{name}.parquet").read_bytes())
    (mixed / "snapshot.json").write_bytes((a / "snapshot.json").read_bytes())
    fazhi.load(mixed)
    (mixed / "indicators.parquet").write_bytes((b / "indicators.parquet").read_bytes())
    with pytest.raises(fazhi.ProcessedDataError, match="tables of different builds are mixed"):
        fazhi.load(mixed)


def test_a_second_build_into_the_same_folder_is_refused(sets, tmp_path):
    old_raw, _, _, _ = sets
    out = tmp_path / "out"
    fazhi.build(old_raw, out, cache=False)
    import fcntl

    with open(out / ".fazhi-build.lock", "a+b") as held:
        fcntl.flock(held.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)  # another build holds the folder
        with pytest.raises(fazhi.OutputError, match="another fazhi build is writing to this folder"):
            fazhi.build(old_raw, out, cache=False)


# -- the cache -------------------------------------------------------------------------------------
def test_flipped_bytes_in_every_kind_of_cache_entry_never_change_the_tables(tmp_path, monkeypatch):
    from conftest import RAW
    from fazhi.analyze import stage
    from fazhi.store import shards

    # Sampled models and two-document shards, as on a large corpus: every kind of entry exists.
    monkeypatch.setattr(stage, "MAX_FIT_PROVISIONS", 100)
    monkeypatch.setattr(stage, "MAX_FIT_TASKS", 60)
    monkeypatch.setattr(shards, "MEAN_DOCUMENTS", 2)
    monkeypatch.setattr(shards, "MAX_DOCUMENTS", 2)
    cache = tmp_path / "cache"
    fazhi.build(RAW, tmp_path / "reference", cache=False)
    reference = _digest(tmp_path / "reference")
    fazhi.build(RAW, tmp_path / "warm", cache=cache)
    kinds = sorted(p.name for p in cache.iterdir() if p.is_dir())
    assert {"documents", "shards", "models", "results", "parts", "alignments", "raw-index"} <= set(kinds)
    # Document payloads are read only when their shard is unusable: flip both for them.
    for flipped in [[k] for k in kinds if k != "documents"] + [["shards", "documents"]]:
        kind = "+".join(flipped)
        for entry in sorted(p for k in flipped for p in (cache / k).rglob("*") if p.is_file()):
            data = bytearray(entry.read_bytes())
            data[len(data) // 2] ^= 0x10  # one flipped bit, mid-file
            entry.write_bytes(bytes(data))
        summary = fazhi.build(RAW, tmp_path / f"after-{kind}", cache=cache)
        assert _digest(tmp_path / f"after-{kind}") == reference, kind
        assert any("failed the checksum" in note for note in summary.cache_notes), kind
        # … and the entries were rewritten: the next build reads them.
        again = fazhi.build(RAW, tmp_path / f"again-{kind}", cache=cache)
        assert not again.cache_notes and _digest(tmp_path / f"again-{kind}") == reference


def test_a_cache_that_cannot_be_written_degrades_to_no_cache(tmp_path, monkeypatch):
    from conftest import RAW
    from fazhi.store import cache as keyed

    def full(path, data):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(keyed, "write_atomic", full)
    summary = fazhi.build(RAW, tmp_path / "out", cache=tmp_path / "cache")
    assert any("No space left on device; caching switched off" in n for n in summary.cache_notes)
    fazhi.build(RAW, tmp_path / "reference", cache=False)
    assert _digest(tmp_path / "out") == _digest(tmp_path / "reference")


# -- processes -------------------------------------------------------------------------------------
def _children(pid: int) -> list[int]:
    out = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            out.append(int(stat.parent.name))
    return out


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="needs /proc to find worker processes")
def test_no_worker_outlives_a_killed_parallel_build(tmp_path):
    sys.path.insert(0, str(ROOT))
    from benchmarks import synthetic

    raw = tmp_path / "raw"
    synthetic.write_corpus(raw, 200, 3)
    build = subprocess.Popen(
        [PYTHON, "-m", "fazhi.cli", "build", "--raw", str(raw), "--out", str(tmp_path / "out"), "--jobs", "2", "--no-cache", "-q"],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    workers: list[int] = []
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and build.poll() is None:
        # The pool's processes (the resource tracker is a child too, and ends with the pipe).
        workers = _children(build.pid)
        if len(workers) >= 2:
            break
        time.sleep(0.05)
    assert build.poll() is None and len(workers) >= 2, "the build ended before its workers could be seen"
    build.send_signal(signal.SIGKILL)
    build.wait()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(_alive(w) for w in workers):
        time.sleep(0.1)
    assert not [w for w in workers if _alive(w)]


# -- wrong kinds of paths: exit 1, one line ---------------------------------------------------------
def _cli(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([PYTHON, "-m", "fazhi.cli", *args], cwd=ROOT, capture_output=True, text=True, timeout=120,
                          env={**os.environ, **(env or {})})  # fmt: skip


def _one_line_error(r: subprocess.CompletedProcess, needle: str) -> None:
    assert r.returncode == 1, (r.returncode, r.stderr)
    lines = [line for line in r.stderr.splitlines() if line.strip()]
    assert "Traceback" not in r.stderr and needle in r.stderr, r.stderr
    assert len(lines) <= 3, r.stderr  # "build failed…" plus the problem, never a traceback


def _device(path: Path) -> None:
    """A character device node like /dev/null, inside the raw folder (needs root)."""
    import stat as st

    try:
        os.mknod(path, st.S_IFCHR | 0o600, os.makedev(1, 3))
    except PermissionError:
        pytest.skip("creating a device node needs root")


def _bad_raw(tmp_path: Path, make) -> Path:
    raw = write_raw(tmp_path / "raw", {"ok.txt": SMALL_PLAN.encode()}, [manifest_row("a", "a.txt")])
    make(raw / "a.txt")
    return raw


@pytest.mark.parametrize(
    "make, needle",
    [
        (lambda p: p.mkdir(), "is a directory"),
        (lambda p: os.mkfifo(p), "is a named pipe"),
        (lambda p: _device(p), "is a character device"),
    ],
    ids=["directory", "fifo", "device"],
)
def test_a_raw_file_of_the_wrong_kind(tmp_path, make, needle):
    raw = _bad_raw(tmp_path, make)
    _one_line_error(_cli("build", "--raw", str(raw), "--out", str(tmp_path / "out"), "--no-cache", "-q"), needle)


def test_a_raw_file_that_is_a_socket(tmp_path):
    raw = write_raw(tmp_path / "r", {"ok.txt": SMALL_PLAN.encode()}, [manifest_row("a", "a.txt")])
    s = socket.socket(socket.AF_UNIX)
    try:
        s.bind(str(raw / "a.txt"))
        _one_line_error(_cli("build", "--raw", str(raw), "--out", str(tmp_path / "out"), "--no-cache", "-q"), "a.txt")
    finally:
        s.close()


@pytest.mark.parametrize("name", ["sources.csv", "corrections.csv"])
def test_a_manifest_that_is_a_directory_or_a_pipe(tmp_path, name):
    raw = write_raw(tmp_path / "raw", {"a.txt": SMALL_PLAN.encode()}, [manifest_row("a", "a.txt")])
    (raw / name).unlink(missing_ok=True)
    (raw / name).mkdir()
    _one_line_error(_cli("build", "--raw", str(raw), "--out", str(tmp_path / "out"), "--no-cache", "-q"), f"{name}: is a directory")
    (raw / name).rmdir()
    os.mkfifo(raw / name)
    _one_line_error(_cli("build", "--raw", str(raw), "--out", str(tmp_path / "out"), "--no-cache", "-q"), f"{name}: is a named pipe")


def test_out_and_cache_paths_that_are_files(tmp_path):
    raw = write_raw(tmp_path / "raw", {"a.txt": SMALL_PLAN.encode()}, [manifest_row("a", "a.txt")])
    (tmp_path / "file").write_text("x")
    _one_line_error(_cli("build", "--raw", str(raw), "--out", str(tmp_path / "file"), "-q"), "the output folder is a file")
    r = _cli("build", "--raw", str(raw), "--out", str(tmp_path / "out"), "-q", env={"FAZHI_CACHE": str(tmp_path / "file")})
    _one_line_error(r, "the cache folder ($FAZHI_CACHE) is a file")


def test_manifest_oddities_are_refused(tmp_path):
    def build_with(header_and_rows: str) -> subprocess.CompletedProcess:
        raw = tmp_path / f"raw{len(list(tmp_path.iterdir()))}"
        raw.mkdir()
        (raw / "a.txt").write_bytes(SMALL_PLAN.encode())
        (raw / "sources.csv").write_text(header_and_rows, encoding="utf-8")
        return _cli("build", "--raw", str(raw), "--out", str(tmp_path / "out"), "--no-cache", "-q")

    row = manifest_row("a", "a.txt")
    cols = list(row)
    header = ",".join(cols)
    values = ",".join(f'"{row[c]}"' for c in cols)
    en = row["jurisdiction_en"]
    _one_line_error(build_with(header + ",doc_id\n" + values + ",b\n"), "sources.csv:1: column(s) given twice: doc_id")
    _one_line_error(build_with(header + "\n" + values.replace(en, "Mou\x00shi", 1) + "\n"), "sources.csv:2: control character")
    _one_line_error(build_with(header + "\n" + values.replace(en, "x" * 200_000, 1) + "\n"), "sources.csv:2: malformed CSV")
    # A bad record after one spanning lines 2–3 is named by its own first line, 4.
    multi = values.replace(en, "Mou\nshi", 1)
    r = build_with(header + "\n" + multi + "\n" + values.replace(",", ";", 1) + "\n")
    _one_line_error(r, "sources.csv:4:")


def test_corrections_match_crlf_files(tmp_path):
    text = SMALL_PLAN.replace("\n", "\r\n")
    raw = write_raw(
        tmp_path / "raw",
        {"a.txt": text.encode()},
        [manifest_row("a", "a.txt")],
        corrections=[{"doc_id": "a", "find": "制定本方案。\n一、主要任务", "replace": "制定本方案。\n一、重点任务", "reason": "checked"}],
    )
    fazhi.build(raw, tmp_path / "out", cache=False)
    c = fazhi.load(tmp_path / "out")
    assert "一、重点任务" in c.documents.iloc[0]["text"]
    assert c.raw_text("a") == text  # nothing lost: the raw CRLF text comes back


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r", "mixed"])
def test_raw_line_numbers_for_every_line_end(tmp_path, newline):
    lines = SMALL_PLAN.replace("一、主要任务", "一、主要任务?,F(xiàn)").split("\n")
    if newline == "mixed":
        ends = ["\r", "\n", "\r\n", "\n\r"]
        text = "".join(line + ends[k % 4] for k, line in enumerate(lines[:-1]))
        # "\n\r" is two line ends: the line after it is one further down.
        expected = 1 + sum(2 if ends[k % 4] == "\n\r" else 1 for k in range(next(k for k, ln in enumerate(lines) if "?,F" in ln)))
    else:
        text = newline.join(lines)
        expected = next(k for k, ln in enumerate(lines) if "?,F" in ln) + 1
    raw = write_raw(tmp_path / "raw", {"a.txt": text.encode()}, [manifest_row("a", "a.txt")])
    fazhi.build(raw, tmp_path / "out", cache=False)
    q = fazhi.load(tmp_path / "out").quality
    assert q[q["kind"] == "garbled"]["line"].tolist() == [expected]


def test_killed_build_leftovers_before_this_layout_are_removed(sets, tmp_path):
    old_raw, _, old, _ = sets
    out = tmp_path / "out"
    out.mkdir()
    (out / ".staging-dead1").mkdir()  # a staging folder of a build killed under the old layout
    fazhi.build(old_raw, out, cache=False)
    assert not list(out.glob(".staging-*")) and _digest(out) == old


def test_ctrl_c_ends_a_parallel_build_with_nothing_written(tmp_path):
    sys.path.insert(0, str(ROOT))
    from benchmarks import synthetic

    raw = tmp_path / "raw"
    synthetic.write_corpus(raw, 200, 4)
    out = tmp_path / "out"
    build = subprocess.Popen(
        [PYTHON, "-m", "fazhi.cli", "build", "--raw", str(raw), "--out", str(out), "--jobs", "2", "--no-cache", "-q"],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
    )  # fmt: skip
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and len(_children(build.pid)) < 2 and build.poll() is None:
        time.sleep(0.05)
    os.killpg(build.pid, signal.SIGINT)  # Ctrl-C goes to the whole foreground process group
    _, err = build.communicate(timeout=60)
    assert build.returncode != 0 and "Traceback" not in err, err
    assert not list(out.glob("*.parquet")) if out.exists() else True
    assert not textwrap.dedent(err).count("\n") > 3, err


def test_a_full_output_disk_is_one_clear_error_and_the_old_tables_stay(sets, tmp_path, monkeypatch):
    import errno

    from fazhi.store import publish

    old_raw, new_raw, old, _ = sets
    out = tmp_path / "out"
    fazhi.build(old_raw, out, cache=False)

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(publish, "snapshot_manifest", full)  # the disk fills while the snapshot is finished
    with pytest.raises(fazhi.OutputError, match="no space left for the tables"):
        fazhi.build(new_raw, out, cache=False)
    assert _digest(out) == old and not list((out / ".snapshots").glob(".staging-*"))
