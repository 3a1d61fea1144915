"""The packaged ontology, loaded by init: counts and known values from the source files."""

from __future__ import annotations

from tracker.ontology import describe, event_types, issue_family, issues


def test_event_type_counts_and_known_values(fresh_db):
    df = fresh_db.query_df("SELECT * FROM event_type")
    assert len(df) == 312  # 311 GDELT codes + 1213, which only the ICEWS table has
    assert (df.root_code.drop_duplicates().sort_values().tolist()
            == [f"{i:02d}" for i in range(1, 21)])
    row = df.set_index("code")
    assert row.loc["11", "name"] == "DISAPPROVE" and row.loc["11", "goldstein"] == -2.0
    assert row.loc["1122", "name"] == "Accuse of human rights abuses"
    assert row.loc["163", "name"] == "Impose embargo, boycott, or sanctions" and row.loc["163", "goldstein"] == -8.0
    assert row.loc["016", "goldstein"] == -2.0 and row.loc["016", "goldstein_icews"] == -5.0
    assert row.loc["164", "goldstein"] == -7.0 and row.loc["164", "goldstein_icews"] == -6.5
    assert row.loc["010", "root_code"] == "01" and row.loc["010", "level"] == 1
    assert row.loc["092", "plover_type"] == "ACCUSE" and row.loc["092", "plover_context"] == "human_rights"


def test_quad_class_follows_gdelt_mapping():
    types = event_types()
    assert {types[c]["quad_class"] for c in ("01", "05", "0214")} == {1}
    assert {types[c]["quad_class"] for c in ("06", "09", "092")} == {2}
    assert {types[c]["quad_class"] for c in ("10", "14", "1122")} == {3}
    assert {types[c]["quad_class"] for c in ("15", "163", "20")} == {4}


def test_actors_cover_countries_sectors_igos_and_ngos(fresh_db):
    df = fresh_db.query_df("SELECT * FROM actor").set_index("code")
    assert df.loc["CHN", "name"] == "China" and df.loc["CHN", "kind"] == "country"
    assert "Beijing" in df.loc["CHN", "aliases"]
    assert df.loc["USAGOV", "country"] == "USA" and df.loc["USAGOV", "sector"] == "GOV"
    for code, name in [("IGOUNO", "United Nations"), ("IGOEUREEC", "European Union"), ("IGOWSTNAT", "NATO"),
                       ("IGOSEAASN", "ASEAN"), ("NGOHRIAMN", "Amnesty International"), ("NGOHRI", "Human Rights Watch")]:
        assert df.loc[code, "name"] == name
    assert (df.kind == "country").sum() >= 230


def test_issue_taxonomy_covers_plover_contexts_and_disputes(fresh_db):
    df = fresh_db.query_df("SELECT * FROM issue")
    assert df.plover_context.dropna().nunique() == 37
    for code in ("human_rights", "religious_freedom", "forced_labour", "xinjiang_uyghurs", "tibet", "hong_kong",
                 "taiwan", "trade", "sanctions", "cyber", "territory"):
        assert code in set(df.code)
    fam = issue_family("human_rights")
    assert {"xinjiang_uyghurs", "hong_kong", "tibet", "organ_harvesting"} <= set(fam)
    assert "taiwan" not in fam
    assert all(r["parent_code"] is None or r["parent_code"] in issues() for r in issues().values())


def test_composable_actor_codes():
    assert describe("CHNGOVMIL")["country"] == "CHN"
    assert describe("NGOUSAHRI")["kind"] == "ngo"
    assert describe("XYZABC") is None
    assert describe("USAQQQ") is None
