"""``fazhi export``: CSV, XLSX and a Frictionless Data Package that validates."""

import io
import json
import zipfile

import pandas as pd
import pytest
from openpyxl import load_workbook

from fazhi.cli import main
from fazhi.export import XLSX_PART, _xlsx_bytes, export, schema_of
from fazhi.schema import TABLES


@pytest.fixture(scope="module")
def exported(built, tmp_path_factory):
    out = tmp_path_factory.mktemp("export")
    return export(built[1], out), out


def test_the_data_package_validates(exported):
    frictionless = pytest.importorskip("frictionless")
    result, out = exported
    report = frictionless.validate(str(out / "datapackage.json"))
    assert report.valid, [e.message for t in report.tasks for e in t.errors][:5]
    package = json.loads((out / "datapackage.json").read_text("utf-8"))
    assert [r["name"] for r in package["resources"]] == list(TABLES)
    assert package["version"] == result.data_version and len(package["sources"]) == 5
    indicators = next(r for r in package["resources"] if r["name"] == "indicators")
    fields = {f["name"]: f for f in indicators["schema"]["fields"]}
    assert fields["value"]["type"] == "number" and fields["year"]["type"] == "integer"
    assert fields["comparator"]["constraints"]["enum"][:3] == ["=", ">=", ">"]
    assert fields["quote"]["description"].startswith("The clause the statement is in")
    assert indicators["schema"]["foreignKeys"][0]["reference"] == {"resource": "documents", "fields": "doc_id"}


def test_validation_catches_a_broken_file(exported, tmp_path):
    frictionless = pytest.importorskip("frictionless")
    _, out = exported
    broken = tmp_path / "pkg"
    (broken / "csv").mkdir(parents=True)
    for p in (out / "csv").iterdir():
        (broken / "csv" / p.name).write_bytes(p.read_bytes())
    (broken / "datapackage.json").write_bytes((out / "datapackage.json").read_bytes())
    rows = (broken / "csv" / "cluster_selection.csv").read_text("utf-8").splitlines()
    rows[1] = "eleven," + rows[1].split(",", 1)[1]  # k must be an integer
    (broken / "csv" / "cluster_selection.csv").write_text("\n".join(rows) + "\n", "utf-8")
    assert not frictionless.validate(str(broken / "datapackage.json")).valid


def test_csv_holds_every_row_with_lists_joined(exported, corpus):
    _, out = exported
    for name in TABLES:
        df = pd.read_csv(out / "csv" / f"{name}.csv", keep_default_na=False)
        assert len(df) == len(getattr(corpus, name)), name
    prov = pd.read_csv(out / "csv" / "provisions.csv", keep_default_na=False)
    with_units = corpus.provisions[corpus.provisions["lead_units"].map(len) > 1].iloc[0]
    row = prov[prov["provision_id"] == with_units["provision_id"]].iloc[0]
    assert row["lead_units"] == "; ".join(with_units["lead_units"])
    ind = pd.read_csv(out / "csv" / "indicators.csv", dtype={"year": "Int64"})
    assert ind["year"].dropna().between(2000, 2100).all()  # integers, not 2024.0
    docs = pd.read_csv(out / "csv" / "documents.csv", keep_default_na=False)
    assert docs.loc[docs["doc_id"] == "qinghai_2024_key_points", "issued_date"].item() == "2024-02-01"
    assert docs["text"].tolist() == corpus.documents["text"].tolist()


def test_xlsx_has_every_table_and_is_deterministic(exported, built, tmp_path):
    result, out = exported
    wb = load_workbook(out / "fazhi-corpus.xlsx", read_only=True)
    assert wb.sheetnames == ["about", *TABLES]
    assert wb["indicators"].max_row == len(pd.read_csv(out / "csv" / "indicators.csv")) + 1
    again = export(built[1], tmp_path)
    assert again.xlsx.read_bytes() == result.xlsx.read_bytes()
    assert again.datapackage.read_bytes() == result.datapackage.read_bytes()


def test_cells_longer_than_excel_allows_are_kept_in_parts():
    text = "法治政府" * 20_000  # 80,000 characters
    frames = {"documents": pd.DataFrame({"doc_id": ["x"], "text": [text]})}
    package = {"title": "t", "version": "v", "fazhi_version": "0", "resources": []}
    wb = load_workbook(io.BytesIO(_xlsx_bytes(frames, package, long := [])), read_only=True)
    assert len(long) == 3 and wb.sheetnames[-1] == "long_cells"
    parts = [r for r in wb["long_cells"].iter_rows(min_row=2, values_only=True)]
    assert "".join(p[4] for p in parts) == text and [p[3] for p in parts] == [1, 2, 3]
    assert len(parts[0][4]) == XLSX_PART
    assert next(wb["documents"].iter_rows(min_row=2, values_only=True))[1].startswith("→ long_cells")
    with zipfile.ZipFile(io.BytesIO(_xlsx_bytes(frames, package, []))) as z:
        assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_schema_marks_required_typed_columns_only():
    fields = {f["name"]: f for f in schema_of(TABLES["provisions"])["fields"]}
    assert fields["depth"]["constraints"]["required"] is True
    assert "required" not in fields.get("label", {}).get("constraints", {})  # a preamble's label is empty


def test_cli_export_fails_clearly(tmp_path, capsys):
    assert main(["export", "--processed", str(tmp_path / "nothing")]) != 0
    err = capsys.readouterr().err
    assert err.startswith("fazhi: error:") and "no processed tables" in err and len(err.strip().splitlines()) == 1
