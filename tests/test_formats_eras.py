"""ACLED exports of every era and tool, one quirk per test, on tiny files the tests write themselves."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from geodata.formats import ImportReport, read_events, sniff

OLD_HEADER = ("GWNO,EVENT_ID_CNTY,EVENT_ID_NO_CNTY,EVENT_DATE,YEAR,TIME_PRECISION,EVENT_TYPE,ACTOR1,ALLY_ACTOR_1,"
              "INTER1,ACTOR2,ALLY_ACTOR_2,INTER2,INTERACTION,COUNTRY,ADMIN1,ADMIN2,ADMIN3,LOCATION,LATITUDE,"
              "LONGITUDE,GEO_PRECISION,SOURCE,NOTES,FATALITIES")


def old_row(number: int, date: str, kind: str, inter1: str = "1", notes: str = "Fighting was reported.",
            actor1: str = "Military Forces of Testland", ally: str = "Militia of Testland") -> str:
    return (f"999,{number}TST,{number},{date},2015,1,{kind},{actor1},{ally},{inter1},Rebels of Testland,,2,12,"
            f"Nepal,Bagmati,Kathmandu,,Kathmandu,27.7172,85.324,1,Test Wire,\"{notes}\",{number % 3}")


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def test_2015_uppercase_headers_old_names_and_old_event_types(tmp_path: Path):
    rows = [
        old_row(1, "01-January-2015", "Battle-No change of territory"),
        old_row(2, "02-January-2015", "Battle-Government regains territory"),
        old_row(3, "03-January-2015", "Battle-Non-state actors overtake territory"),
        old_row(4, "04-January-2015", "Remote violence"),
        old_row(5, "05-January-2015", "Violence Against Civilians"),
        old_row(6, "06-January-2015", "Strategic development"),
        old_row(7, "07-January-2015", "Non-violent transfer of territory"),
        old_row(8, "08-January-2015", "Headquarters or base established"),
        old_row(9, "09-January-2015", "Riots/Protests", inter1="6", notes="A sit-in was held."),
        old_row(10, "10-January-2015", "Riots/Protests", inter1="5", notes="A sit-in was held."),
        old_row(11, "11-January-2015", "Riots/Protests", inter1="1", notes="Rioters torched a bus."),
        old_row(12, "12-January-2015", "riots/protests", inter1="1", notes="Students marched peacefully."),
    ]
    path = write(tmp_path / "asia.csv", OLD_HEADER + "\n" + "\n".join(rows) + "\n")
    assert sniff(path) == "acled"
    result = read_events(path)
    assert (result.taken, result.rejected) == (12, 0), [str(e) for e in result.errors]
    df = result.df.set_index("event_id_cnty")
    expected = {
        "1TST": ("Battles", "Armed clash"), "2TST": ("Battles", "Government regains territory"),
        "3TST": ("Battles", "Non-state actor overtakes territory"), "4TST": ("Explosions/Remote violence", None),
        "5TST": ("Violence against civilians", None), "6TST": ("Strategic developments", None),
        "7TST": ("Strategic developments", "Non-violent transfer of territory"),
        "8TST": ("Strategic developments", "Headquarters or base established"),
        "9TST": ("Protests", None), "10TST": ("Riots", None), "11TST": ("Riots", None), "12TST": ("Protests", None),
    }
    for key, (kind, sub) in expected.items():
        assert df.loc[key, "event_type"] == kind, key
        assert (df.loc[key, "sub_event_type"] if pd.notna(df.loc[key, "sub_event_type"]) else None) == sub, key
    first = df.loc["1TST"]
    assert first["event_date"] == pd.Timestamp("2015-01-01")
    assert first["assoc_actor_1"] == "Militia of Testland"            # ALLY_ACTOR_1 is today's assoc_actor_1
    assert first["country_code"] == "NP" and pd.isna(first["iso"])   # GWNO is not an ISO code: not used as one
    assert first["event_id"] == "acled:1TST" and first["fatalities"] == 1


EXPORT_TOOL_HEADER = ("data_id,iso,event_id_cnty,event_id_no_cnty,event_date,year,time_precision,event_type,"
                      "sub_event_type,actor1,assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,interaction,region,"
                      "country,admin1,admin2,admin3,location,latitude,longitude,geo_precision,source,source_scale,"
                      "notes,fatalities,timestamp,iso3")


def tool_row(number: int, date: str, year: int = 2020) -> list[str]:
    return [str(7000 + number), "4", f"AFG{number}", str(number), date, str(year), "1", "Battles", "Armed clash",
            "Taliban", "", "2", "Military Forces of Afghanistan (2014-)", "", "1", "12", "Caucasus and Central Asia",
            "Afghanistan", "Balkh", "Dawlat Abad", "", "Dawlat Abad", "36.9882", "66.8207", "2",
            "Xinhua; Khaama Press", "National-International", f"Clash number {number}; both sides fired.", "3",
            "1585000000", "AFG"]


def tool_file(path: Path, delimiter: str, bom: bool = False, encoding: str = "utf-8") -> Path:
    def cell(value: str) -> str:
        return f'"{value}"' if any(c in value for c in f"{delimiter}\"\n") else value

    lines = [EXPORT_TOOL_HEADER.replace(",", delimiter)]
    lines += [delimiter.join(cell(v) for v in tool_row(n, f"{20 + n} March 2020")) for n in range(1, 4)]
    return write(path, ("\ufeff" if bom else "") + "\r\n".join(lines) + "\r\n", encoding)


@pytest.mark.parametrize("name, delimiter, bom, encoding", [
    ("comma.csv", ",", False, "utf-8"),
    ("semicolon.csv", ";", False, "utf-8"),       # European Excel
    ("tab.tsv", "\t", False, "utf-8"),
    ("bom.csv", ",", True, "utf-8"),
    ("excel.csv", ";", False, "cp1252"),
])
def test_export_tool_file_with_any_delimiter_and_encoding(tmp_path: Path, name, delimiter, bom, encoding):
    path = tool_file(tmp_path / name, delimiter, bom, encoding)
    assert sniff(path) == "acled"
    result = read_events(path)
    assert (result.taken, result.rejected) == (3, 0), [str(e) for e in result.errors]
    first = result.df.iloc[0]
    assert first["event_date"] == pd.Timestamp("2020-03-21")
    assert first["source"] == "Xinhua; Khaama Press"                  # the delimiter inside a quoted cell
    assert first["notes"] == "Clash number 1; both sides fired."
    assert first["country_code"] == "AF" and first["iso"] == 4 and first["timestamp"] == 1585000000


@pytest.mark.parametrize("dates, years, expected", [
    (["31-12-19", "01-01-20", "13-02-20"], [2019, 2020, 2020], ["2019-12-31", "2020-01-01", "2020-02-13"]),
    (["9-May-20", "5-Aug-24", "31-Dec-19"], [2020, 2024, 2019], ["2020-05-09", "2024-08-05", "2019-12-31"]),
    (["14/08/2020 00:00:00", "01/09/2020 00:00:00"], [2020, 2020], ["2020-08-14", "2020-09-01"]),
    (["8/14/2020 12:00:00 AM", "9/1/2020 12:00:00 AM"], [2020, 2020], ["2020-08-14", "2020-09-01"]),
    (["01-January-2015", "28-February-2015"], [2015, 2015], ["2015-01-01", "2015-02-28"]),
    (["21 March 2020", "1 April 2020"], [2020, 2020], ["2020-03-21", "2020-04-01"]),
    (["2025-04-01", "2025-04-02T00:00:00Z"], [2025, 2025], ["2025-04-01", "2025-04-02"]),
    (["03-04-68", "05-06-69"], [1968, 1969], ["1968-04-03", "1969-06-05"]),   # the year column sets the century
])
def test_dates_as_real_files_write_them(tmp_path: Path, dates, years, expected):
    rows = enumerate(zip(dates, years, strict=True), 1)
    lines = [EXPORT_TOOL_HEADER] + [",".join(tool_row(n, d, y)) for n, (d, y) in rows]
    path = write(tmp_path / "dates.csv", "\n".join(lines) + "\n")
    result = read_events(path)
    assert result.rejected == 0, [str(e) for e in result.errors]
    assert result.df["event_date"].dt.strftime("%Y-%m-%d").tolist() == expected


def test_a_date_contradicting_the_year_column_is_rejected(tmp_path: Path):
    rows = [tool_row(1, "21 March 2020"), tool_row(2, "22 March 2020", year=2019)]
    path = write(tmp_path / "year.csv", "\n".join([EXPORT_TOOL_HEADER] + [",".join(r) for r in rows]) + "\n")
    result = read_events(path)
    assert (result.taken, result.rejected) == (1, 1)
    assert result.errors[0].line == 3 and "bad date" in result.errors[0].reason


def test_extra_and_reordered_columns_are_ignored_not_fatal(tmp_path: Path):
    header = EXPORT_TOOL_HEADER.split(",")
    row = tool_row(1, "21 March 2020")
    order = list(reversed(range(len(header))))
    text = ",".join(["id", "actor_dyad"] + [header[i] for i in order] + ["countycode"]) + "\n"
    text += ",".join(["17", "Taliban-Military"] + [f'"{row[i]}"' for i in order] + ["12"]) + "\n"
    result = read_events(write(tmp_path / "extra.csv", text))
    assert (result.taken, result.rejected) == (1, 0)
    assert result.df.iloc[0]["location"] == "Dawlat Abad" and "countycode" not in result.df.columns


API_HEADER = ("event_id_cnty,event_date,year,time_precision,disorder_type,event_type,sub_event_type,actor1,"
              "assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,interaction,civilian_targeting,iso,region,country,"
              "admin1,admin2,admin3,location,latitude,longitude,geo_precision,source,source_scale,notes,fatalities,"
              "tags,timestamp")


def test_current_api_columns_with_text_labels_and_types_in_any_case(tmp_path: Path):
    row = ("SOM1,2025-04-01,2025,1,Political violence,EXPLOSIONS/REMOTE VIOLENCE,air/drone strike,"
           "Military Forces of Testland (2025-),,External/Other forces,Rebels,,Rebel group,"
           "Rebel group-External/Other forces,,706,Eastern Africa,Somalia,Bari,Qandala,,Buuraha,10.85,49.74,1,"
           "AFRICOM,International,An air strike hit a camp.,0,,1744000000")
    result = read_events(write(tmp_path / "api.csv", API_HEADER + "\n" + row + "\n"))
    assert result.rejected == 0, [str(e) for e in result.errors]
    first = result.df.iloc[0]
    assert (first["event_type"], first["sub_event_type"]) == ("Explosions/Remote violence", "Air/drone strike")
    assert first["inter1"] == "External/Other forces" and first["country_code"] == "SO"


def test_monadic_rows_are_merged_into_one_event_with_both_actors(tmp_path: Path):
    first = tool_row(1, "21 March 2020")
    second = list(first)
    first[9:15] = ["Taliban", "", "2", "", "", ""]
    second[9:15] = ["Military Forces of Afghanistan (2014-)", "Police Forces of Afghanistan (2014-)", "1", "", "",
                    ""]
    other = tool_row(2, "22 March 2020")
    text = "\n".join([EXPORT_TOOL_HEADER] + [",".join(r) for r in (first, second, other)]) + "\n"
    result = read_events(write(tmp_path / "monadic.csv", text))
    assert (result.taken, result.rejected, len(result.df)) == (3, 0, 2)
    event = result.df.set_index("event_id_cnty").loc["AFG1"]
    assert (event["actor1"], event["inter1"]) == ("Taliban", "2")
    assert (event["actor2"], event["assoc_actor_2"], event["inter2"]) == (
        "Military Forces of Afghanistan (2014-)", "Police Forces of Afghanistan (2014-)", "1")
    report = ImportReport("monadic.csv")
    report.add(result)
    assert "3 of 3 rows taken as 2 events" in report.summary()


@pytest.mark.parametrize("cut", [40, 200, 330])
def test_a_truncated_last_row_is_rejected_not_stored_without_a_place(tmp_path: Path, cut: int):
    lines = [EXPORT_TOOL_HEADER] + [",".join(f'"{v}"' for v in tool_row(n, "21 March 2020")) for n in (1, 2)]
    text = "\n".join(lines)
    path = write(tmp_path / "cut.csv", text[:len(text) - len(lines[-1]) + cut])
    result = read_events(path)
    assert (result.taken, result.rejected) == (1, 1)
    assert result.df["location"].notna().all()
    assert result.errors[0].line == 3 and "fields" in result.errors[0].reason


def test_excel_unicode_text_utf16_tab_file(tmp_path: Path):
    lines = [EXPORT_TOOL_HEADER.replace(",", "\t")] + ["\t".join(tool_row(n, f"{20 + n} March 2020"))
                                                      for n in (1, 2)]
    path = tmp_path / "unicode.txt"
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("utf-16"))   # with its byte-order mark
    assert sniff(path) == "acled"
    result = read_events(path)
    assert (result.taken, result.rejected) == (2, 0)
    assert result.df.iloc[0]["location"] == "Dawlat Abad"


def test_decimal_comma_coordinates_of_european_spreadsheets(tmp_path: Path):
    row = tool_row(1, "21 March 2020")
    row[22:24] = ["36,9882", "66,8207"]
    path = tool_file(tmp_path / "x.csv", ";")
    text = path.read_text("utf-8").splitlines()
    text[1] = ";".join(f'"{c}"' if ";" in c else c for c in row)
    path.write_text("\n".join(text[:2]) + "\n", encoding="utf-8")
    result = read_events(path)
    assert result.rejected == 0, [str(e) for e in result.errors]
    assert (result.df.iloc[0]["latitude"], result.df.iloc[0]["longitude"]) == (36.9882, 66.8207)


def test_shapefile_export_with_ten_character_names_and_excel_serial_dates(tmp_path: Path):
    header = ("EVENT_ID_C,EVENT_DATE,YEAR,TIME_PRECI,EVENT_TYPE,SUB_EVENT_,ACTOR1,ASSOC_ACTO,COUNTRY,LOCATION,"
              "LATITUDE,LONGITUDE,GEO_PRECIS,SOURCE_SCA,NOTES,FATALITIES")
    rows = [("KEN1,43911,2020,1,Protests,Peaceful protest,Protesters (Kenya),Teachers,Kenya,Nairobi,-1.28,36.82,1,"
             "National,Teachers marched.,0"),
            "KEN2,43912,2020,1,Riots,Mob violence,Rioters (Kenya),,Kenya,Kisumu,-0.1,34.75,2,Local,A mob formed.,1"]
    path = write(tmp_path / "shp.csv", header + "\n" + "\n".join(rows) + "\n")
    result = read_events(path)
    assert (result.taken, result.rejected) == (2, 0), [str(e) for e in result.errors]
    first = result.df.iloc[0]
    assert first["event_date"] == pd.Timestamp("2020-03-21") and first["event_id"] == "acled:KEN1"
    assert (first["sub_event_type"], first["assoc_actor_1"], first["geo_precision"]) == (
        "Peaceful protest", "Teachers", 1)
    assert first["source_scale"] == "National" and first["time_precision"] == 1
