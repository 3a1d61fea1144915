"""Users extend actors, sector nouns, patterns and issues with their own JSON files."""

from __future__ import annotations

import json
from datetime import date

import pytest

from tracker.coding import Coder, known_actor_names
from tracker.errors import InputError

TEXT = "Ruritania's Grand Vizier lambasted Freedonia over the border wall."


def test_unknown_actors_code_nothing_until_a_user_file_adds_them(tmp_path, coder):
    assert coder.code(TEXT, date(2024, 1, 5)) == []
    path = tmp_path / "mine.json"
    path.write_text(
        json.dumps(
            {
                "actors": [{"phrase": "Ruritania", "code": "RUR"}, {"phrase": "Freedonia", "code": "FRE"}],
                "agents": [{"phrase": "grand vizier", "code": "GOV"}],
                "patterns": [
                    {"id": "mine.wall", "trigger": "v:lambast", "after": ["border wall"], "code": "1123"}
                ],
                "issues": [{"phrase": "border wall*", "issue": "territory"}],
                "names": {"RUR": "Ruritania", "FRE": "Freedonia"},
            }
        ),
        encoding="utf-8",
    )
    mine = Coder.load([path])
    [e] = mine.code(TEXT, date(2024, 1, 5))
    assert (e.actor, e.target, e.code, e.issues) == ("RURGOV", "FREGOV", "1123", ("territory",))
    assert e.explain["pattern_id"] == "mine.wall"
    names = known_actor_names(mine)
    assert names["RUR"] == "Ruritania" and names["RURGOV"] == "Ruritania government"


def test_a_folder_of_files_is_read_in_name_order(tmp_path):
    (tmp_path / "a.json").write_text(json.dumps({"actors": [{"phrase": "Ruritania", "code": "RUR"}]}))
    (tmp_path / "b.json").write_text(json.dumps({"actors": [{"phrase": "Ruritania", "code": "RUT"}]}))
    coder = Coder.load([tmp_path])
    [e] = coder.code("Ruritania condemned China.", date(2024, 1, 5))
    assert e.actor == "RUTGOV"


@pytest.mark.parametrize(
    "content, message",
    [
        ("{not json", "is not valid JSON"),
        ('{"actors": [{"phrase": "X", "code": "usa gov"}]}', "must be 3-letter CAMEO parts"),
        ('{"patterns": [{"trigger": "v:poke", "code": "999"}]}', "not a CAMEO code"),
        ('{"issues": [{"phrase": "wall", "issue": "walls"}]}', "not in the project's issue taxonomy"),
        ('{"verbs": []}', "unknown keys"),
    ],
)
def test_bad_user_files_are_user_errors(tmp_path, content, message):
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=message):
        Coder.load([path])


def test_missing_user_file(tmp_path):
    with pytest.raises(InputError, match="does not exist"):
        Coder.load([tmp_path / "nope.json"])


def test_known_actor_names_cover_the_codes_the_coder_emits(coder):
    names = known_actor_names()
    assert names["USA"] == "United States" and names["NGOHRIAMN"] == "Amnesty International"
    assert names["IGOUNO"] and names["CHNGOV"].startswith("China")


def test_user_synsets_feed_patterns(tmp_path):
    path = tmp_path / "insults.json"
    path.write_text(
        json.dumps(
            {
                "actors": [{"phrase": "Ruritania", "code": "RUR"}, {"phrase": "Freedonia", "code": "FRE"}],
                "synsets": {"RURITANIAN_INSULTS": ["knave", "scoundrel"]},
                "patterns": [
                    {"id": "mine.insult", "trigger": "v:dub", "after": ["&RURITANIAN_INSULTS"], "code": "111"}
                ],
            }
        ),
        encoding="utf-8",
    )
    mine = Coder.load([path])
    [e] = mine.code("Ruritania dubbed Freedonia a scoundrel on Monday.", date(2024, 1, 5))
    assert (e.actor, e.target, e.code, e.explain["pattern_id"]) == ("RURGOV", "FREGOV", "111", "mine.insult")
