"""The action lexicon and the CAMEO/PLOVER code lists (ontology/lexicon, cameo.ttl, plover.ttl)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.namespace import SKOS

from graph import resources
from graph.errors import DataFileError
from graph.extract.actions import Lexicon, load_codes


@pytest.fixture(scope="module")
def lexicon() -> Lexicon:
    return Lexicon.load()


def test_code_list_facts(lexicon: Lexicon) -> None:
    codes = lexicon.codes()
    assert len(codes) == 312
    assert sum(1 for c in codes if len(c) == 2) == 20
    assert codes["0256"].plover == "REQUEST" and codes["0256"].quad_class == 1
    assert codes["190"].plover == "ASSAULT" and codes["190"].goldstein == -10.0
    assert codes["190"].quad_class == 4
    assert codes["010"].plover is None  # statements carry no PLOVER type
    assert all(codes[c].plover == "REQUEST" for c in codes if c.startswith("02"))


def test_plover_scheme_has_sixteen_types() -> None:
    g = Graph().parse(resources.ontology_file("plover.ttl"))
    notations = {str(n) for n in g.objects(None, SKOS.notation)}
    assert len(notations) == 16 and {"AGREE", "ASSAULT", "MOBILIZE"} <= notations


def test_every_cameo_code_of_level_one_or_deeper_has_a_lexicon_line(lexicon: Lexicon) -> None:
    covered = {e.cameo for e in lexicon.entries()}
    missing = sorted(c for c in lexicon.codes() if len(c) > 2 and c not in covered)
    assert missing == [], f"CAMEO codes without a lexicon line: {missing}"


def test_plover_types_follow_the_crosswalk(lexicon: Lexicon, shared_dir: Path) -> None:
    table = shared_dir / "data" / "cameo-codes.csv"
    if not table.is_file():
        pytest.skip(f"reference code table not present at {table} (the team's shared folder)")
    with table.open(encoding="utf-8") as fh:
        rows = {r["cameo_code"]: r for r in csv.DictReader(fh)}
    codes = lexicon.codes()
    for code, info in codes.items():
        crosswalk = rows[code]["plover_event"] or None
        if code.startswith("01"):
            assert info.plover is None
        elif code.startswith("02"):
            assert info.plover == "REQUEST"
        elif crosswalk is not None:
            assert info.plover == crosswalk, code
        if rows[code]["goldstein_gdelt"]:
            assert info.goldstein == float(rows[code]["goldstein_gdelt"]), code


def test_most_specific_pattern_wins(lexicon: Lexicon) -> None:
    plain = lexicon.match_verb("call", preps={"on"})
    refined = lexicon.match_verb("call", preps={"on"}, complements={"de-escalate"})
    assert plain is not None and refined is not None
    assert refined.cameo == "0256" and refined.specificity > plain.specificity
    talks = lexicon.match_verb("hold", objects={"talk"})
    assert talks is not None and lexicon.codes()[talks.cameo].plover == "CONSULT"
    assert lexicon.match_verb("hold") is None  # "hold" alone names no act
    troops = lexicon.match_verb("increase", objects={"presence"}, complements={"troop"})
    assert troops is not None and lexicon.codes()[troops.cameo].plover == "MOBILIZE"
    attack = lexicon.match_noun("attack", "on")
    assert attack is not None and lexicon.codes()[attack.cameo].plover == "ASSAULT"


def test_malformed_lexicon_names_file_and_line(tmp_path: Path) -> None:
    cameo = resources.ontology_file("cameo.ttl")
    (tmp_path / "verbs-x.tsv").write_text(
        "cameo\tlemma\tprep\tobject\tcomplement\tnote\n"
        "020\turge\t-\t-\t-\tfine\n"
        "9999\tfrobnicate\t-\t-\t-\tbad code\n", encoding="utf-8")
    with pytest.raises(DataFileError, match=r"verbs-x\.tsv:3: unknown CAMEO code '9999'"):
        Lexicon.load(tmp_path, cameo)
    (tmp_path / "verbs-x.tsv").write_text(
        "cameo\tlemma\tprep\tobject\tcomplement\tnote\n020\turge\t-\n", encoding="utf-8")
    with pytest.raises(DataFileError, match=r"verbs-x\.tsv:2: expected 6"):
        Lexicon.load(tmp_path, cameo)
    with pytest.raises(DataFileError, match="no verbs"):
        Lexicon.load(tmp_path / "empty", cameo) if (tmp_path / "empty").mkdir() is None else None


def test_code_list_loader_rejects_a_broken_file(tmp_path: Path) -> None:
    bad = tmp_path / "cameo.ttl"
    bad.write_text("this is not turtle @@@", encoding="utf-8")
    with pytest.raises(DataFileError, match="cameo.ttl"):
        load_codes(bad)


def test_clause_words_are_data(lexicon: Lexicon, tmp_path: Path) -> None:
    assert {"say", "announce"} <= lexicon.words("speech")
    assert {"hold", "carry"} <= lexicon.words("light")
    assert "refuse" in lexicon.words("negating")
    with pytest.raises(ValueError, match="unknown clause-word kind"):
        lexicon.words("nonsense")
    (tmp_path / "verbs-x.tsv").write_text(
        "cameo\tlemma\tprep\tobject\tcomplement\tnote\n020\turge\t-\t-\t-\t-\n", encoding="utf-8")
    (tmp_path / "clause-words.tsv").write_text("kind\tword\nspeech\tsay\nbogus\tword\n",
                                               encoding="utf-8")
    with pytest.raises(DataFileError, match=r"clause-words\.tsv:3"):
        Lexicon.load(tmp_path, resources.ontology_file("cameo.ttl"))


def _copy_code_tables(tmp_path: Path) -> None:
    for name in ("code-classes.tsv", "code-maps.tsv"):
        (tmp_path / name).write_text((resources.lexicon_dir() / name).read_text("utf-8"), "utf-8")


def test_code_classes_are_data_checked_against_the_code_list(lexicon: Lexicon) -> None:
    from graph.extract import clauses
    from graph.extract.actions import CODE_CLASSES, CODE_MAPS, load_code_tables

    tables = load_code_tables()
    assert set(tables.classes) == set(CODE_CLASSES) and set(tables.maps) == set(CODE_MAPS)
    tables.check(lexicon.codes())
    # the clause rules read these rows, not constants of their own
    assert clauses.VIOLENCE_ROOTS == tables.classes["violence"] == ("18", "19", "20")
    assert "045".startswith(clauses.MEDIATION)
    assert clauses.THREAT_OF_ROOT["19"] == "138"
    assert clauses.COMPLEMENT_MODALITY["02"] == "requested"
    # every recoding lands on a code that exists, with the PLOVER type the rule implies
    codes = lexicon.codes()
    assert {codes[c].root for c in clauses.THREAT_OF_ROOT.values()} == {"13"}
    assert {codes[c].root for c in clauses.REJECTION_OF_ROOT.values()} == {"12"}


def test_code_tables_reject_bad_rows(tmp_path: Path, lexicon: Lexicon) -> None:
    from graph.extract.actions import load_code_tables

    _copy_code_tables(tmp_path)
    classes = tmp_path / "code-classes.tsv"
    text = classes.read_text("utf-8")
    classes.write_text(text + "hostyle\t19\n", "utf-8")
    with pytest.raises(DataFileError, match=r"code-classes\.tsv:\d+: expected 'class<TAB>code'"):
        load_code_tables(tmp_path)
    classes.write_text(text + "hostile\t99\n", "utf-8")  # well formed, but no CAMEO code 99
    with pytest.raises(DataFileError, match="'99' starts no CAMEO code"):
        load_code_tables(tmp_path).check(lexicon.codes())
    classes.write_text("\n".join(row for row in text.splitlines()
                                 if not row.startswith("mediation\t")), "utf-8")
    with pytest.raises(DataFileError, match="no rows for mediation"):
        load_code_tables(tmp_path)
    _copy_code_tables(tmp_path)
    maps = tmp_path / "code-maps.tsv"
    maps.write_text(maps.read_text("utf-8") + "threat-of-root\t11\t1399\n", "utf-8")
    with pytest.raises(DataFileError, match=r"11 -> '1399' is not a CAMEO code"):
        load_code_tables(tmp_path).check(lexicon.codes())
