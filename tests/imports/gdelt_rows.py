"""Build GDELT event rows (1.0 and 2.0 layouts) for fixtures, the fetch tests and the benchmark.

Written from the column table in ../shared/FORMATS.md §2.1; run as a script to rewrite tests/data/gdelt*.
"""

from __future__ import annotations

from pathlib import Path

from tracker.imports.gdelt import COLUMNS_V1_57, COLUMNS_V1_58, COLUMNS_V2


def gdelt_row(
    event_id: int,
    day: str = "20240701",
    code: str = "112",
    a1: str = "USAGOV",
    a1_country: str = "USA",
    a2: str = "CHN",
    a2_country: str = "CHN",
    goldstein: str = "-2.0",
    quad: str = "3",
    geo1: str = "US",
    geo2: str = "CH",
    action_geo: str = "CH",
    url: str = "https://example.org/a",
    added: str = "20240701120000",
    **overrides: str,
) -> dict[str, str]:
    """One GDELT 2.0 row as a column -> text dict; ``overrides`` set any other column by name."""
    row = dict.fromkeys(COLUMNS_V2, "")
    row.update(
        {
            "GLOBALEVENTID": str(event_id),
            "SQLDATE": day,
            "MonthYear": day[:6],
            "Year": day[:4],
            "FractionDate": f"{day[:4]}.5000",
            "Actor1Code": a1,
            "Actor1Name": a1 and f"NAME {a1}",
            "Actor1CountryCode": a1_country,
            "Actor2Code": a2,
            "Actor2Name": a2 and f"NAME {a2}",
            "Actor2CountryCode": a2_country,
            "IsRootEvent": "1",
            "EventCode": code,
            "EventBaseCode": code[:3],
            "EventRootCode": code[:2],
            "QuadClass": quad,
            "GoldsteinScale": goldstein,
            "NumMentions": "4",
            "NumSources": "1",
            "NumArticles": "4",
            "AvgTone": "-3.5",
            "DATEADDED": added,
            "SOURCEURL": url,
        }
    )
    for block, fips in (("Actor1Geo", geo1), ("Actor2Geo", geo2), ("ActionGeo", action_geo)):
        if fips:
            row.update(
                {
                    f"{block}_Type": "1",
                    f"{block}_FullName": f"Place {fips}",
                    f"{block}_CountryCode": fips,
                    f"{block}_ADM1Code": fips,
                    f"{block}_ADM2Code": "",
                    f"{block}_Lat": "10.5",
                    f"{block}_Long": "20.25",
                    f"{block}_FeatureID": fips,
                }
            )
        else:
            row[f"{block}_Type"] = "0"
    row.update(overrides)
    return row


def line(row: dict[str, str], columns: list[str] = COLUMNS_V2) -> str:
    return "\t".join(row[c] for c in columns)


def write_fixtures(folder: Path) -> None:
    rows = [
        gdelt_row(1001),  # USA -> CHN, 112
        gdelt_row(
            1002,
            code="0243",
            a1="CHNGOV",
            a1_country="CHN",
            a2="USA",
            a2_country="USA",
            goldstein="-0.3",
            quad="1",
            geo1="CH",
            geo2="US",
        ),  # code kept as a string
        gdelt_row(
            1003,
            a1="",
            a1_country="",
            geo1="RS",
            a2="UKR",
            a2_country="UKR",
            geo2="UP",
            code="190",
            goldstein="-10.0",
            quad="4",
        ),  # empty actor -> geo FIPS RS
        gdelt_row(
            1004, day="20230701", code="036", goldstein="4.0", quad="1", a2="TWN", a2_country="", geo2="TW"
        ),  # a year before the file
        gdelt_row(1001),  # repeated in the file
        gdelt_row(1006, code="111", goldstein="", quad=""),  # Goldstein/quad from code
    ]
    bad = [
        line(gdelt_row(2001))[: -len("\thttps://example.org/a")],  # 60 columns
        line(gdelt_row(2002, day="20241341")),  # bad date
        line(gdelt_row(2003, goldstein="abc")),  # bad number
        line(gdelt_row(2004, code="")),  # no event code
        line(gdelt_row(2005, code="XX1")),  # unknown root
    ]
    body = "\n".join([line(r) for r in rows[:3]] + bad[:3] + [line(r) for r in rows[3:]] + bad[3:]) + "\n"
    data = body.encode("utf-8")
    bad_encoding = line(gdelt_row(2006, a1="FRA", a1_country="FRA")).replace("NAME FRA", "CAF\x00").encode()
    bad_encoding = bad_encoding.replace(b"CAF\x00", b"CAF\xe9")  # latin-1 byte
    (folder / "20240701120000.export.CSV").write_bytes(data + bad_encoding + b"\n")
    v1 = [
        gdelt_row(3001, day="20130401"),
        gdelt_row(3002, day="20130402", code="173", goldstein="-5.0", quad="4"),
    ]
    for r in v1:
        r["DATEADDED"] = r["SQLDATE"]
    (folder / "20130402.export.CSV").write_text("\n".join(line(r, COLUMNS_V1_58) for r in v1) + "\n")
    (folder / "20130301.export.CSV").write_text(line(gdelt_row(3003, day="20130301"), COLUMNS_V1_57) + "\n")


if __name__ == "__main__":
    out = Path(__file__).resolve().parents[1] / "data" / "gdelt"
    out.mkdir(parents=True, exist_ok=True)
    write_fixtures(out)
