"""Old codes in gold and prediction files map to current ones (ontology/legacy-codes.tsv)."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.errors import DataFileError
from graph.evaluate import GoldItem, score
from graph.legacy import LegacyCodes

HEADER = "kind\tlegacy\tcurrent\tnote\n"


def test_shipped_table_maps_old_country_prefixes_and_plover_names() -> None:
    table = LegacyCodes.load()
    assert table.actor_code("ZARMIL") == "CODMIL"
    assert table.actor_code("SCG") == "SRB"
    assert table.actor_code("IGOWSTNAT") == "IGOWSTNAT"
    assert table.actor_code("Romania") == "Romania"  # a name is no code
    assert table.plover(" disapprove ") == "ACCUSE"
    assert "YIELD" not in table.plover_types  # split into two types: no single replacement


def test_gold_with_old_codes_scores_against_current_predictions() -> None:
    gold = [GoldItem("g1", "x", None, (
        {"source": ["ROMGOV"], "target": ["ZAR"], "plover": "DEMAND"},
        {"source": ["KSV"], "target": None, "plover": "DISAPPROVE"},
    ))]
    preds = [
        {"doc_id": "g1", "source": {"id": "ROUGOV", "cameo": "ROUGOV"},
         "target": {"id": "COD", "cameo": "COD"}, "action": {"plover": "REQUEST"}},
        {"doc_id": "g1", "source": {"id": "XKX", "cameo": "XKXGOV"}, "target": None,
         "action": {"plover": "ACCUSE"}},
    ]
    result = score(gold, preds)
    assert (result.tp, result.pred, result.gold) == (2, 2, 2)


@pytest.mark.parametrize("row, message", [
    ("country\tROM\tXXQ\t-", "'XXQ' is no current country code"),
    ("country\tSRB\tRUS\t-", "'SRB' is itself a current country code"),
    ("colour\tRED\tROU\t-", "unknown kind 'colour'"),
    ("plover\tDEMAND\tREQUEST\t-\nplover\tDEMAND\tACCUSE\t-", "'DEMAND' is mapped twice"),
    ("country\tROM", "expected kind, legacy, current"),
])
def test_a_bad_row_is_an_error_naming_file_and_line(
    tmp_path: Path, row: str, message: str,
) -> None:
    path = tmp_path / "legacy.tsv"
    path.write_text("# comment\n" + HEADER + row + "\n", encoding="utf-8")
    with pytest.raises(DataFileError, match=message) as info:
        LegacyCodes.load(path)
    assert f"{path}:3" in str(info.value) or f"{path}:4" in str(info.value)


def test_a_table_without_its_header_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "legacy.tsv"
    path.write_text("country\tROM\tROU\t-\n", encoding="utf-8")
    with pytest.raises(DataFileError, match="header"):
        LegacyCodes.load(path)
