"""UCDP GED and GDELT event exports, on tiny files the tests write in each source's layout."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from geodata.formats import FormatError, iter_events, read_events, sniff

UCDP_HEADER = ("id,relid,year,active_year,code_status,type_of_violence,conflict_dset_id,conflict_new_id,"
               "conflict_name,dyad_dset_id,dyad_new_id,dyad_name,side_a_dset_id,side_a_new_id,side_a,side_b_dset_id,"
               "side_b_new_id,side_b,number_of_sources,source_article,source_office,source_date,source_headline,"
               "source_original,where_prec,where_coordinates,where_description,adm_1,adm_2,latitude,longitude,"
               "geom_wkt,priogrid_gid,country,country_id,region,event_clarity,date_prec,date_start,date_end,"
               "deaths_a,deaths_b,deaths_civilians,deaths_unknown,best,high,low,gwnoa,gwnob")


def ucdp_row(number: int, violence: str, start: str, end: str, where_prec: str, best: str = "5",
             low: str = "4", high: str = "9", headline: str = "Clashes near the river") -> str:
    return (f"{number},TST-{number},2014,1,Clear,{violence},1,1,Testland: Government,2,2,Government - Rebels,3,3,"
            f"Government of Testland,4,4,Rebels of Testland,1,\"Wire,2014-02-18,{headline}\",Wire,2014-02-18,"
            f"\"{headline}\",,{where_prec},Kyivka town,near the river,Kyiv oblast,Kyiv district,50.45,30.52,"
            f"POINT (30.52 50.45),1,Ukraine,369,Europe,1,1,{start},{end},1,2,0,2,{best},{high},{low},369,")


def test_ucdp_ged_rows_map_to_events(tmp_path: Path):
    rows = [ucdp_row(1, "1", "1/22/2014 12:00:00 AM", "1/22/2014 12:00:00 AM", "1"),
            ucdp_row(2, "3", "2/18/2014 12:00:00 AM", "2/21/2014 12:00:00 AM", "4", headline="Civilians shot"),
            ucdp_row(3, "2", "3/1/2014 12:00:00 AM", "3/30/2014 12:00:00 AM", "6"),
            ucdp_row(4, "1", "1/1/2014 12:00:00 AM", "12/31/2014 12:00:00 AM", "2")]
    path = tmp_path / "ged.csv"
    # as downloaded: Windows-1252 bytes
    path.write_bytes((UCDP_HEADER + "\r\n" + "\r\n".join(rows).replace("Kyivka", "Kyïvka") + "\r\n").encode("cp1252"))
    assert sniff(path) == "ucdp"
    result = read_events(path)
    assert (result.taken, result.rejected) == (4, 0), [str(e) for e in result.errors]
    df = result.df.set_index("event_id")
    first = df.loc["ucdp:1"]
    assert first["event_date"] == pd.Timestamp("2014-01-22") and first["date_precision"] == "day"
    assert (first["event_type"], first["sub_event_type"]) == ("Battles", "Armed clash")
    assert (first["actor1"], first["actor2"]) == ("Government of Testland", "Rebels of Testland")
    assert first["fatalities"] == 5 and first["tags"] == "deaths_low=4; deaths_high=9"
    assert first["notes"] == "Clashes near the river" and first["source"] == "Wire,2014-02-18,Clashes near the river"
    assert first["location"] == "Kyïvka town" and first["geo_precision"] == 1 and first["country_code"] == "UA"
    assert (first["admin1"], first["admin2"]) == ("Kyiv oblast", "Kyiv district")
    assert df.loc["ucdp:2", "event_type"] == "Violence against civilians"
    assert (df.loc["ucdp:2", "date_precision"], df.loc["ucdp:2", "geo_precision"]) == ("week", 3)
    assert (df.loc["ucdp:3", "date_precision"], df.loc["ucdp:3", "geo_precision"]) == ("month", 3)
    assert (df.loc["ucdp:4", "date_precision"], df.loc["ucdp:4", "geo_precision"]) == ("year", 2)


def test_ucdp_unknown_violence_type_is_rejected_by_reason(tmp_path: Path):
    path = tmp_path / "ged.csv"
    path.write_text(UCDP_HEADER + "\n" + ucdp_row(1, "9", "2014-01-22", "2014-01-22", "1") + "\n"
                    + ucdp_row(2, "1", "2014-01-23", "2014-01-23", "1") + "\n", encoding="utf-8")
    result = read_events(path)
    assert (result.taken, result.rejected) == (1, 1)
    assert result.errors[0].line == 2 and "unknown event_type" in result.errors[0].reason


def gdelt_row(width: int, event_id: int, code: str = "190", geo_type: str = "4",
              place: str = "Donetsk, Donets'k, Ukraine", lat: str = "48.0", lon: str = "37.8",
              url: str = "https://www.example.com/news/1") -> str:
    cells = [""] * width
    cells[0:5] = [str(event_id), "20240301", "202403", "2024", "2024.1644"]
    cells[5:7] = ["RUSMIL", "RUSSIAN MILITARY"]
    cells[15:17] = ["UKR", "UKRAINE"]
    cells[25:31] = ["1", code, code[:3], code[:2], "4", "-10.0"]
    geo = 49 if width in (57, 58) else 51
    block = [geo_type, place, "UP", "UP14"] + ([] if width in (57, 58) else ["UP14001"]) + [lat, lon, "-1"]
    cells[geo:geo + len(block)] = block
    cells[geo + len(block)] = "20240301" if width != 61 else "20240301120000"
    if width != 57:
        cells[-1] = url
    return "\t".join(cells)


@pytest.mark.parametrize("width", [57, 58, 61])
def test_gdelt_versions_map_to_events(tmp_path: Path, width: int):
    rows = [gdelt_row(width, 1001, "190"), gdelt_row(width, 1002, "145"), gdelt_row(width, 1003, "195"),
            gdelt_row(width, 1004, "036", geo_type="1", place="Ukraine", lat="49", lon="32"),
            gdelt_row(width, 1005, "141", geo_type="0", place="", lat="", lon="")]
    path = tmp_path / "20240301.export.CSV"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    assert sniff(path) == "gdelt"
    result = read_events(path)
    assert (result.taken, result.rejected) == (5, 0), [str(e) for e in result.errors]
    df = result.df.set_index("event_id")
    first = df.loc["gdelt:1001"]
    assert first["event_date"] == pd.Timestamp("2024-03-01")
    assert (first["event_type"], first["sub_event_type"]) == ("Battles", "Armed clash")
    assert (first["actor1"], first["actor2"]) == ("RUSSIAN MILITARY", "UKRAINE")
    assert (first["location"], first["admin1"], first["country"]) == ("Donetsk", "Donets'k", "Ukraine")
    assert (first["latitude"], first["longitude"], first["geo_precision"]) == (48.0, 37.8, 1)
    assert first["tags"] == "quad_class=4; goldstein=-10.0; cameo=190" and first["country_code"] == "UA"
    if width == 57:
        assert pd.isna(first["source_url"])
    else:
        assert (first["source_url"], first["source"]) == ("https://www.example.com/news/1", "example.com")
    assert df.loc["gdelt:1002", "event_type"] == "Riots"
    assert df.loc["gdelt:1003", "sub_event_type"] == "Air/drone strike"
    assert (df.loc["gdelt:1004", "event_type"], df.loc["gdelt:1004", "geo_precision"]) == (
        "Strategic developments", 3)
    assert df.loc["gdelt:1005", "event_type"] == "Protests" and pd.isna(df.loc["gdelt:1005", "latitude"])


def test_gdelt_streams_in_chunks_with_progress_and_reports_a_cut_line(tmp_path: Path):
    rows = [gdelt_row(58, 2000 + n) for n in range(7)]
    path = tmp_path / "big.CSV"
    path.write_text("\n".join(rows) + "\n" + rows[0][:60], encoding="utf-8")   # the last line cut short
    seen: list[tuple[int, int]] = []
    fmt, chunks = iter_events(path, chunk_rows=3, progress=lambda done, total: seen.append((done, total)))
    parts = list(chunks)
    assert fmt.name == "gdelt" and [len(p.df) for p in parts] == [3, 3, 1]
    assert sum(p.taken for p in parts) == 7 and sum(p.rejected for p in parts) == 1
    assert parts[-1].errors[0].line == 8 and "expected 58 tab-separated fields" in parts[-1].errors[0].reason
    assert seen[-1] == (path.stat().st_size, path.stat().st_size) and len(seen) == 3


def test_a_tab_file_of_another_width_is_not_taken_for_gdelt(tmp_path: Path):
    path = tmp_path / "other.tsv"
    path.write_text("\t".join(["123", "20240301"] + ["x"] * 40) + "\n", encoding="utf-8")
    with pytest.raises(FormatError, match="not an event file"):
        read_events(path)


def test_gdelt_table_saved_with_a_header_as_bigquery_writes_it(tmp_path: Path):
    header = "GLOBALEVENTID,SQLDATE,Actor1Name,Actor2Name,EventCode,EventRootCode,QuadClass,GoldsteinScale," \
             "ActionGeo_Type,ActionGeo_FullName,ActionGeo_Lat,ActionGeo_Long,SOURCEURL"
    rows = [('901,20240302,POLICE,PROTESTER,145,14,3,-6.5,4,"Tbilisi, T\'bilisi, Georgia",41.72,44.79,'
             'https://news.example.ge/a'), "902,20240302,,,010,01,1,0.0,1,Georgia,42,43.5,"]
    path = tmp_path / "bq-results.csv"
    path.write_text(header + "\n" + "\n".join(rows) + "\n", encoding="utf-8")
    assert sniff(path) == "gdelt"
    result = read_events(path)
    assert (result.taken, result.rejected) == (2, 0), [str(e) for e in result.errors]
    first = result.df.set_index("event_id").loc["gdelt:901"]
    assert (first["event_type"], first["location"], first["country_code"]) == ("Riots", "Tbilisi", "GE")
    assert first["year"] == 2024 and first["source"] == "news.example.ge"


def test_a_zipped_export_is_read_as_the_file_inside(tmp_path: Path):
    import zipfile

    path = tmp_path / "20240301.export.CSV.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("20240301.export.CSV", "\n".join(gdelt_row(58, 3000 + n) for n in range(3)) + "\n")
    fmt, chunks = iter_events(path)
    assert fmt.name == "gdelt" and sum(c.taken for c in chunks) == 3
    several = tmp_path / "two.zip"
    with zipfile.ZipFile(several, "w") as archive:
        archive.writestr("a.csv", "x")
        archive.writestr("b.csv", "y")
    with pytest.raises(FormatError, match="two.zip: a zip archive of 2 files"):
        read_events(several)
