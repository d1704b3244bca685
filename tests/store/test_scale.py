"""The build at scale: parallel workers, the per-document cache, streaming writes.

Speed itself is measured by ``make bench``; these tests check what must hold
whatever the speed: the same tables for any ``--jobs``, a cache that is used when
it may be and never when it may not, and no half-written output.
"""

from __future__ import annotations

import hashlib
import io
import os
import time

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import fazhi
from conftest import RAW, SMALL_PLAN, manifest_row, write_raw
from fazhi.store import cache as keyed_cache
from fazhi.store import codec, runner
from fazhi.store.cache import Cache
from fazhi.store.parquetparts import PartWriter, encode
from fazhi.schema import TABLES
from fazhi.store.publish import ROW_GROUP_ROWS, TableStream


def _entries(cache, kind: str) -> list:
    """The files of one kind of cache entry."""
    return sorted(p for p in (cache / kind).rglob("*") if p.is_file()) if (cache / kind).exists() else []


def _digests(folder) -> dict[str, str]:
    return {name: hashlib.sha256((folder / f"{name}.parquet").read_bytes()).hexdigest() for name in TABLES}


@pytest.fixture(scope="module")
def serial(tmp_path_factory):
    out = tmp_path_factory.mktemp("serial")
    fazhi.build(RAW, out, jobs=1, cache=False)
    return _digests(out)


def test_two_jobs_give_byte_identical_tables(serial, tmp_path):
    summary = fazhi.build(RAW, tmp_path / "out", jobs=2, cache=False)
    assert summary.jobs == 2 and summary.n_documents == 5
    assert _digests(tmp_path / "out") == serial


def test_cache_is_used_on_rebuild_and_changes_nothing(serial, tmp_path):
    cache = tmp_path / "cache"
    first = fazhi.build(RAW, tmp_path / "a", cache=cache)
    again = fazhi.build(RAW, tmp_path / "b", cache=cache)
    assert (first.cache_hits, again.cache_hits) == (0, 5)
    assert _digests(tmp_path / "a") == _digests(tmp_path / "b") == serial
    assert len(_entries(cache, "documents")) == 5


def test_a_changed_document_alone_is_recomputed(tmp_path):
    cache = tmp_path / "cache"
    other = SMALL_PLAN.replace("某某市", "另一市")
    rows = [manifest_row("small_2023_plan", "small.txt"), manifest_row("other_2023_plan", "other.txt")]
    raw = write_raw(tmp_path / "raw", {"small.txt": SMALL_PLAN.encode(), "other.txt": other.encode()}, rows)
    assert fazhi.build(raw, tmp_path / "out", cache=cache).cache_hits == 0
    (raw / "other.txt").write_bytes(other.replace("60学时", "80学时").encode())
    summary = fazhi.build(raw, tmp_path / "out", cache=cache)
    assert summary.cache_hits == 1
    values = fazhi.load(tmp_path / "out").indicators.query("unit == '学时'")["value"].tolist()
    assert sorted(values) == [60.0, 80.0]  # the new figure, not the cached one


def test_raw_files_unchanged_since_the_last_build_are_not_read_again(tmp_path):
    from fazhi.store.rawindex import RawIndex

    old = time.time_ns() - 10**10  # written ten seconds ago: not racy
    files = {name: tmp_path / f"{name}.txt" for name in ("a", "b", "racy")}
    for name, path in files.items():
        path.write_text(f"依法行政{name}", "utf-8")
        if name != "racy":
            os.utime(path, ns=(old, old))
    first = RawIndex(Cache(tmp_path))
    digests = {name: first.digest(path) for name, path in files.items()}
    first.save()
    assert first.reads == 3 and digests["a"] == hashlib.sha256("依法行政a".encode()).digest()
    files["b"].write_text("依法行政B", "utf-8")  # same size, new content, new mtime
    again = RawIndex(Cache(tmp_path))
    assert [again.digest(files[n]) == digests[n] for n in ("a", "b", "racy")] == [True, False, True]
    assert again.reads == 2  # b changed; racy was modified too recently to be remembered
    assert again.known(files["a"]) == digests["a"] and again.known(tmp_path / "gone.txt") is None
    [entry] = _entries(tmp_path, "raw-index")
    entry.write_bytes(b"damaged")
    assert RawIndex(Cache(tmp_path)).known(files["a"]) is None  # a damaged index is an empty one


def test_a_file_changed_while_the_build_reads_it_is_an_error_not_a_cached_payload(tmp_path, monkeypatch):
    rows = [manifest_row("small_2023_plan", "small.txt")]
    raw = write_raw(tmp_path / "raw", {"small.txt": SMALL_PLAN.encode()}, rows)
    real = runner.work

    def edited_first(stage, job):  # someone saves the file between its hashing and its processing
        (raw / "small.txt").write_bytes(SMALL_PLAN.replace("60学时", "80学时").encode())
        return real(stage, job)

    monkeypatch.setattr(runner, "work", edited_first)
    with pytest.raises(fazhi.BuildError, match="changed while the build read it"):
        fazhi.build(raw, tmp_path / "out", cache=tmp_path / "cache")
    assert not _entries(tmp_path / "cache", "documents")


def test_a_new_code_version_never_reads_old_entries(tmp_path, monkeypatch):
    raw = write_raw(tmp_path / "raw", {"small.txt": SMALL_PLAN.encode()}, [manifest_row("small_2023_plan", "small.txt")])
    cache = tmp_path / "cache"
    fazhi.build(raw, tmp_path / "out", cache=cache)
    assert fazhi.build(raw, tmp_path / "out", cache=cache).cache_hits == 1
    monkeypatch.setattr(keyed_cache, "code_version", lambda: "0" * 64)
    assert fazhi.build(raw, tmp_path / "out", cache=cache).cache_hits == 0


def test_a_manifest_change_is_a_different_key(tmp_path):
    cache = tmp_path / "cache"
    raw = write_raw(tmp_path / "raw", {"small.txt": SMALL_PLAN.encode()}, [manifest_row("small_2023_plan", "small.txt")])
    fazhi.build(raw, tmp_path / "out", cache=cache)
    write_raw(raw, {}, [manifest_row("small_2023_plan", "small.txt", period_end="2026")])
    summary = fazhi.build(raw, tmp_path / "out", cache=cache)
    assert summary.cache_hits == 0
    assert fazhi.load(tmp_path / "out").documents["period_end"].tolist() == [2026]


def test_a_damaged_cache_entry_is_recomputed(serial, tmp_path):
    cache = tmp_path / "cache"
    fazhi.build(RAW, tmp_path / "a", cache=cache)
    # A damaged shard falls back to its documents' payloads; a damaged payload to the text.
    for victim in _entries(cache, "shards") + _entries(cache, "documents")[:1]:
        victim.write_bytes(victim.read_bytes()[:100])
    summary = fazhi.build(RAW, tmp_path / "b", cache=cache)
    assert summary.cache_hits == 4
    assert _digests(tmp_path / "b") == serial
    for damaged in ("shards", "results", "parts", "models", "alignments", "raw-index"):  # every kind a rebuild reads
        for victim in _entries(cache, damaged):
            victim.write_bytes(b"not a cache entry")
    again = fazhi.build(RAW, tmp_path / "c", cache=cache)
    assert again.cache_hits == 5
    assert _digests(tmp_path / "c") == serial


@pytest.mark.parametrize("by_buffer", [False, True])
def test_payloads_read_back_exactly_and_shards_own_their_columns(by_buffer):
    from fazhi.ingest.manifest import read_manifest
    from fazhi.pipeline import document_payload
    from fazhi.store.shards import Shard, join

    src = read_manifest(RAW / "sources.csv")[0][0]
    payload = document_payload(src, src.path.read_bytes())
    shard = join("k", [payload, payload])
    blob = codec.dumps(shard, "lz4", by_buffer=by_buffer)
    back = codec.loads(blob, Shard)
    assert back.summaries == shard.summaries and back.warnings == shard.warnings and back.key == "k"
    assert back.analysis.equals(shard.analysis) and back.parts == shard.parts
    # The parts hold the documents' rows, encoded once: both copies of the document in order.
    provisions = payload.tables["provisions"]
    sink = io.BytesIO()
    writer = PartWriter(sink, encode(provisions.schema.empty_table()))
    writer.append(back.parts["provisions"])
    writer.close()
    assert pq.read_table(io.BytesIO(sink.getvalue())).equals(pa.concat_tables([provisions, provisions]))
    # Buffer by buffer, every column owns its memory (no parent buffer), so keeping one
    # keeps nothing else; as one blob, columns are views of the decompressed whole.
    buffers = [b for col in back.analysis.columns for chunk in col.chunks for b in chunk.buffers() if b is not None]
    assert all(b.parent is None for b in buffers) if by_buffer else all(b.parent is not None for b in buffers)
    with pytest.raises(ValueError):
        codec.loads(b"FZP6X" + blob[5:], Shard)
    with pytest.raises(ValueError):  # a shard is not a payload
        codec.loads(blob, codec.Payload)


def test_the_build_runs_arrow_on_jemalloc_where_the_wheel_has_it(serial):
    try:
        pa.jemalloc_memory_pool()
    except NotImplementedError:
        pytest.skip("this pyarrow has no jemalloc")
    assert pa.default_memory_pool().backend_name == "jemalloc"  # set by the build of the fixture


def test_stream_writes_fixed_row_groups_whatever_the_batches(tmp_path):
    spec = TABLES["quality"]
    n = ROW_GROUP_ROWS + 10
    ints = list(range(n))
    rows = {"doc_id": ["d"] * n, "seq": ints, "kind": ["whitespace"] * n, "action": ["removed"] * n, "start": ints, "end": ints,
            "raw_start": ints, "raw_end": ints, "line": [1] * n, "before": [" "] * n, "after": [""] * n, "detail": ["x"] * n}  # fmt: skip
    # Long distinct texts overflow Parquet's dictionary page, where the encoder falls back
    # to plain encoding at a batch edge: the bytes must not depend on the batches there either.
    rows["before"] = [f"{i:08d}" + "法治政府建设" * 30 for i in range(n)]
    table = pa.Table.from_pydict(rows, schema=spec.schema)
    digests = []
    for batches in ([table], [table.slice(0, 7), table.slice(7, 60_000), table.slice(60_007)]):
        s = TableStream(tmp_path / f"out{len(digests)}")
        for b in batches:
            s.write("quality", b)
        [path] = s.commit()
        meta = pq.ParquetFile(path).metadata
        assert [meta.row_group(i).num_rows for i in range(meta.num_row_groups)] == [ROW_GROUP_ROWS, 10]
        digests.append(hashlib.sha256(path.read_bytes()).hexdigest())
    assert digests[0] == digests[1]


def test_cli_rejects_a_bad_jobs_value(tmp_path, capsys):
    from fazhi.cli import main

    with pytest.raises(SystemExit) as e:
        main(["build", "--jobs", "0", "--out", str(tmp_path / "out")])
    assert e.value.code != 0
    assert "positive whole number" in capsys.readouterr().err


def test_models_fitted_on_a_sample_still_label_every_provision(corpus, tmp_path, monkeypatch):
    # Limits below the founding corpus's size: themes and clusters are fitted on a
    # sample and predicted for the rest, as on a corpus of thousands of documents.
    from fazhi.analyze import stage as analysis
    from fazhi.store import shards

    monkeypatch.setattr(analysis, "MAX_FIT_PROVISIONS", 100)
    monkeypatch.setattr(analysis, "MAX_FIT_TASKS", 60)
    monkeypatch.setattr(shards, "MEAN_DOCUMENTS", 2)  # predicted in many segments (shards),
    monkeypatch.setattr(shards, "MAX_DOCUMENTS", 2)  # whatever the raw files' hashes
    fazhi.build(RAW, tmp_path / "out", cache=False)
    sampled = fazhi.load(tmp_path / "out")
    full, part = corpus.themes.set_index("provision_id"), sampled.themes.set_index("provision_id")
    tasks = set(corpus.provisions.loc[corpus.provisions.is_task, "provision_id"])
    k = int(sampled.cluster_selection.loc[sampled.cluster_selection.chosen, "k"].iloc[0])
    assert sorted(part.loc[sorted(tasks), "cluster_id"].unique()) == list(range(k))
    assert part.loc[~part.index.isin(tasks), "cluster_id"].isna().all()
    assert part.loc[sorted(tasks), ["x", "y"]].notna().all().all()
    # Seed votes read only the provision's own tokens: the sample cannot change them.
    seeded = full.index[full.theme_method == "seed"]
    assert (part.loc[seeded, "theme_id"] == full.loc[seeded, "theme_id"]).all()
    assert (part.loc[seeded, "theme_method"] == "seed").all()
    assert part.tokens.map(list).equals(full.tokens.map(list))


def test_a_rebuild_reuses_models_results_and_alignments_and_equals_a_fresh_build(tmp_path, monkeypatch):
    # Sampled models and two-document shards, as on a large corpus: a rebuild must take
    # every model, per-shard prediction and alignment from the cache, and a rebuild
    # after one document changed must give the bytes of a build with no cache at all.
    import shutil

    from fazhi.analyze import reuse
    from fazhi.analyze import stage as analysis
    from fazhi.store import shards
    from fazhi.store import publish
    from fazhi.analyze.clusters import ProvisionClusterer
    from fazhi.analyze.predictors import ClusterPredictor, ThemePredictor
    from fazhi.store.publish import encode_part
    from fazhi.analyze.themes import ThemeAssigner

    monkeypatch.setattr(analysis, "MAX_FIT_PROVISIONS", 100)
    monkeypatch.setattr(analysis, "MAX_FIT_TASKS", 60)
    monkeypatch.setattr(shards, "MEAN_DOCUMENTS", 2)
    monkeypatch.setattr(shards, "MAX_DOCUMENTS", 2)  # several shards whatever the raw files' hashes
    raw, cache = tmp_path / "raw", tmp_path / "cache"
    shutil.copytree(RAW, raw)
    first = fazhi.build(raw, tmp_path / "first", cache=cache)
    assert len(_entries(cache, "shards")) > 1 and len(_entries(cache, "results")) > 1 and len(_entries(cache, "parts")) > 1

    def recomputed(*args, **kwargs):
        raise AssertionError("recomputed instead of read from the cache")

    encoded = []
    with monkeypatch.context() as m:
        for owner, name in ((ThemeAssigner, "fit"), (ThemePredictor, "predict"), (ProvisionClusterer, "fit"),
                            (ClusterPredictor, "predict_embed"), (reuse, "_align_task"), (fazhi.pipeline, "process_document"),
                            (shards, "encode_part"), (runner, "encode_part"), (analysis, "to_arrow")):  # fmt: skip
            m.setattr(owner, name, recomputed)
        # Cached shards' and segments' rows are copied as encoded: only the corpus-wide tables are encoded
        # (follow_through and cascade are made again each build: milliseconds).
        m.setattr(publish, "encode_part", lambda name, table: encoded.append(name) or encode_part(name, table))
        again = fazhi.build(raw, tmp_path / "again", cache=cache)
    assert (first.cache_hits, again.cache_hits) == (0, 5)
    assert sorted(encoded) == ["cascade", "cluster_selection", "cluster_terms", "follow_through", "reuse"]
    assert _digests(tmp_path / "again") == _digests(tmp_path / "first")

    manifest = raw / "sources.csv"
    manifest.write_text(manifest.read_text("utf-8").replace("Source text in traditional characters.", "Traditional script."), "utf-8")
    changed = fazhi.build(raw, tmp_path / "changed", cache=cache)
    assert changed.cache_hits == 4
    fazhi.build(raw, tmp_path / "fresh", cache=False)
    assert _digests(tmp_path / "changed") == _digests(tmp_path / "fresh")
    assert fazhi.load(tmp_path / "changed").documents.set_index("doc_id").loc["huaibei_2022_action_plan", "notes"] == "Traditional script."


def test_a_rebuild_after_one_change_loads_no_scikit_learn_or_scipy(tmp_path):
    # Their files (about 130 MB) were a third of what a one-document rebuild read from a
    # cold disk; the changed shard is predicted with the cached predictors (plain arrays).
    # (pandas is not asked about: pyarrow imports it to check what pa.array() is given.)
    import shutil
    import subprocess
    import sys

    raw, cache = tmp_path / "raw", tmp_path / "cache"
    shutil.copytree(RAW, raw)
    code = (
        "import sys, fazhi\n"
        "from fazhi.analyze import stage as analysis\n"
        "from fazhi.store import shards\n"
        "analysis.MAX_FIT_PROVISIONS, analysis.MAX_FIT_TASKS = 100, 60  # sampled models, as on a large corpus\n"
        "shards.MEAN_DOCUMENTS = shards.MAX_DOCUMENTS = 2\n"
        f"s = fazhi.build({str(raw)!r}, {str(tmp_path / 'out')!r}, cache={str(cache)!r}, jobs=1)\n"
        "print(s.cache_hits, sorted(m for m in ('sklearn', 'scipy', 'pkg_resources') if m in sys.modules))\n"
    )

    def build() -> str:
        r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=600, check=False)
        assert r.returncode == 0, r.stderr
        return r.stdout.strip()

    first = build()
    assert first.startswith("0 [") and "'sklearn'" in first  # the first build fits the models
    manifest = raw / "sources.csv"
    manifest.write_text(manifest.read_text("utf-8").replace("Source text in traditional characters.", "Traditional script."), "utf-8")
    assert build() == "4 []"


def test_the_tables_bytes_do_not_depend_on_the_code_version(tmp_path, monkeypatch):
    # Row groups follow shards (parts), so shard boundaries must not hash the code version:
    # a new fazhi that changes no row must write the same bytes.
    from fazhi.store import shards

    monkeypatch.setattr(shards, "MEAN_DOCUMENTS", 2)  # several shards, as on a large corpus
    built = []
    for version in ("a" * 64, "b" * 64):
        monkeypatch.setattr(keyed_cache, "code_version", lambda v=version: v)
        fazhi.build(RAW, tmp_path / version[0], cache=False)
        built.append(_digests(tmp_path / version[0]))
    assert built[0] == built[1]
    meta = pq.ParquetFile(tmp_path / "a" / "provisions.parquet").metadata
    assert meta.num_row_groups > 1  # one per shard


def test_shard_boundaries_move_only_next_to_a_changed_or_inserted_document():
    import random

    from fazhi.store import shards

    rng = random.Random(7)
    keys = [f"{rng.getrandbits(256):064x}" for _ in range(2_000)]

    def shard_keys(ks):
        return {shards.shard_key(ks[a:b]) for a, b in shards.bounds(ks)}

    before = shard_keys(keys)
    assert 2_000 / 64 / 2 < len(before) < 2_000 / 64 * 2  # about MEAN_DOCUMENTS per shard
    assert max(b - a for a, b in shards.bounds(keys)) <= shards.MAX_DOCUMENTS
    changed = keys[:1000] + [f"{rng.getrandbits(256):064x}"] + keys[1001:]
    inserted = keys[:500] + [f"{rng.getrandbits(256):064x}"] + keys[500:]
    for other in (changed, inserted):
        assert len(before - shard_keys(other)) <= 2  # the shard holding it, and its neighbour if a boundary moved
    # Capped: keys that never end a shard still give shards of MAX_DOCUMENTS.
    assert shards.bounds(["01"] * 600) == [(0, 256), (256, 512), (512, 600)]
