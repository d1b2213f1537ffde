"""The gazetteer over real data: ranking, regions, supplement entries, filters and the on-disk cache."""

from __future__ import annotations

import os
import pickle
import shutil
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from geodata.places.gazetteer import Gazetteer, Place
from geodata.places.gazetteer import build as gaz_build
from geodata.places.gazetteer.english import (
    english_name,
    is_false_friend,
    is_frequent_word,
    plain_spelling,
)

REPO = Path(__file__).resolve().parents[1]


# --------------------------------------------------------------------------- ranking and kinds


def test_paris_is_france_first(gazetteer):
    found = gazetteer.lookup("Paris")
    assert len(found) > 1
    top = found[0]
    assert top.place.country_code == "FR"
    assert top.place.kind == "city"
    assert top.place.lat == pytest.approx(48.85, abs=0.1) and top.place.lon == pytest.approx(2.35, abs=0.1)
    assert top.primary and not top.loose
    assert [c.score for c in found] == sorted((c.score for c in found), reverse=True)


def test_limit(gazetteer):
    assert len(gazetteer.lookup("Paris", limit=3)) == 3
    assert len(gazetteer.lookup("Paris", limit=1)) == 1


def test_unknown_name_gives_nothing(gazetteer):
    assert gazetteer.lookup("Qxzqxzqxz") == []
    assert gazetteer.lookup("") == []


def test_lookup_never_lists_one_place_twice(gazetteer):
    for name in ("Paris", "Kyiv", "Zaporizhzhia", "Usuriisk", "Birmingham"):
        found = gazetteer.lookup(name, limit=1000)
        ids = [c.place.id for c in found]
        assert len(ids) == len(set(ids)), (name, [c.place.name for c in found])


def test_poltava_region_is_ua_53(gazetteer):
    found = gazetteer.lookup("Poltava", kind="region")
    assert found
    assert found[0].place.region_code == "UA-53"
    assert found[0].place.country_code == "UA"
    assert all(c.place.kind == "region" for c in found)


def test_poltava_city_exists_in_ua_53(gazetteer):
    cities = gazetteer.lookup("Poltava", kind="city", country="UA")
    assert cities and cities[0].place.name == "Poltava"
    assert cities[0].place.admin1 == "UA-53"
    assert cities[0].place.lat == pytest.approx(49.59, abs=0.1)


def test_kursk_region_exists(gazetteer):
    found = gazetteer.lookup("Kursk", kind="region")
    assert found and found[0].place.region_code == "RU-KRS"
    region = gazetteer.region("RU-KRS")
    assert region is not None and region.kind == "region" and region.country_code == "RU"
    assert region == found[0].place


def test_ussuriysk(gazetteer):
    top = gazetteer.lookup("Ussuriysk")[0].place
    assert top.name == "Ussuriysk"
    assert top.kind == "city"
    assert top.country_code == "RU" and top.admin1 == "RU-PRI"
    assert top.lat == pytest.approx(43.8, abs=0.05)
    assert top.lon == pytest.approx(131.95, abs=0.05)
    assert isinstance(top.geonameid, int)


def test_primorye_is_primorsky_krai(gazetteer):
    top = gazetteer.lookup("Primorye")[0].place
    assert top.kind == "region"
    assert top.region_code == "RU-PRI"


@pytest.mark.parametrize("name, code", [("France", "FR"), ("Ukraine", "UA"), ("North Korea", "KP"),
                                        ("South Korea", "KR"), ("Russia", "RU"), ("United States", "US")])
def test_country_lookup(gazetteer, name, code):
    top = gazetteer.lookup(name)[0].place
    assert top.kind == "country"
    assert top.country_code == code
    assert top.region_code is None
    assert gazetteer.country(code) == top
    assert gazetteer.country(code.lower()) == top


def test_country_filter(gazetteer):
    found = gazetteer.lookup("Paris", country="US")
    assert found
    assert {c.place.country_code for c in found} == {"US"}
    assert "US-TX" in {c.place.admin1 for c in found}
    assert gazetteer.lookup("Paris", country="us") == found
    assert gazetteer.lookup("Paris", country="AQ") == []


def test_kind_filter(gazetteer):
    assert {c.place.kind for c in gazetteer.lookup("Kursk", kind="city")} == {"city"}
    assert gazetteer.lookup("France", kind="feature") == []


# --------------------------------------------------------------------------- curated supplement


@pytest.mark.parametrize("name, expected_name, kind, country", [
    ("Black Sea", "Black Sea", "feature", ""),
    ("Sea of Azov", "Sea of Azov", "feature", ""),
    ("Azov Sea", "Sea of Azov", "feature", ""),
    ("Dnipro River", "Dnipro River", "feature", "UA"),
    ("Dnieper", "Dnipro River", "feature", "UA"),
    ("Zaporizhzhia Nuclear Power Plant", "Zaporizhzhia Nuclear Power Plant", "feature", "UA"),
    ("Zaporizhzhia nuclear plant", "Zaporizhzhia Nuclear Power Plant", "feature", "UA"),
    ("ZNPP", "Zaporizhzhia Nuclear Power Plant", "feature", "UA"),
    ("Donbas", "Donbas", "region", "UA"),
    ("Donbass", "Donbas", "region", "UA"),
])
def test_supplement_entries(gazetteer, name, expected_name, kind, country):
    found = gazetteer.lookup(name)
    assert found, f"no candidate for {name!r}"
    top = found[0].place
    assert top.name == expected_name
    assert top.kind == kind
    assert top.country_code == country
    assert -90 <= top.lat <= 90 and -180 <= top.lon <= 180


def test_zaporizhzhia_plant_is_in_zaporizhzhia_oblast(gazetteer):
    plant = gazetteer.lookup("Zaporizhzhia nuclear plant")[0].place
    assert plant.admin1 == "UA-23"
    assert plant.lat == pytest.approx(47.5, abs=0.2) and plant.lon == pytest.approx(34.6, abs=0.2)


def test_place_to_dict(gazetteer):
    d = gazetteer.lookup("Paris")[0].place.to_dict()
    assert set(d) == {"name", "kind", "feature_code", "country_code", "admin1", "lat", "lon", "population",
                      "geonameid", "region_code"}
    assert isinstance(d["geonameid"], int) and isinstance(d["lat"], float) and isinstance(d["population"], int)


# --------------------------------------------------------------------------- the on-disk cache


def _run_python(code: str, cache: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "EVENT_ATLAS_CACHE": str(cache)}
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code), *args], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=600)


# The cache file name hashes our data files, which may change while the tests run (someone editing
# supplement.json); the probe therefore fixes the path once and hands it to the second run.
_PROBE = """
    import sys
    from pathlib import Path
    from geodata.places.gazetteer import Gazetteer
    from geodata.places.gazetteer.build import cache_path, load_or_build, loose_path
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else cache_path()
    gaz = Gazetteer(load_or_build(path))
    assert gaz.lookup("Ussuriysk")[0].place.admin1 == "RU-PRI"
    assert gaz.lookup("Usuriisk")[0].place.name == "Ussuriysk"   # the loose index works too
    print(path)
    print(loose_path(path))
"""


@pytest.mark.slow   # builds the whole gazetteer from its packages: about a minute
def test_cache_is_built_when_missing_and_reused(tmp_path):
    """The one slow test: a real build into an empty cache directory, then a second process reuses it."""
    cache = tmp_path / "cache"
    started = time.monotonic()
    first = _run_python(_PROBE, cache)
    first_time = time.monotonic() - started
    assert first.returncode == 0, first.stderr
    main_file, loose_file = (Path(line) for line in first.stdout.split())
    assert main_file.parent == cache
    assert main_file.is_file() and loose_file.is_file()
    assert {p.name for p in cache.glob("*.pkl")} == {main_file.name, loose_file.name}
    mtimes = (main_file.stat().st_mtime_ns, loose_file.stat().st_mtime_ns)

    no_rebuild = textwrap.dedent("""
        import geodata.places.gazetteer.build as build
        def refuse(*args, **kwargs):
            raise SystemExit("rebuilt although a valid cache exists")
        build.load_all = build.build_index = refuse
    """) + textwrap.dedent(_PROBE)
    started = time.monotonic()
    second = _run_python(no_rebuild, cache, str(main_file))
    second_time = time.monotonic() - started
    assert second.returncode == 0, second.stderr
    assert second.stdout.split() == [str(main_file), str(loose_file)]
    assert (main_file.stat().st_mtime_ns, loose_file.stat().st_mtime_ns) == mtimes
    assert second_time < first_time


@pytest.fixture
def cheap_builder(monkeypatch):
    """Replace the 30-second source reading with the countries alone; record every rebuild."""
    from geodata.places.gazetteer.sources import load_countries

    calls = []

    def load_all():
        calls.append(1)
        return load_countries()

    monkeypatch.setattr(gaz_build, "load_all", load_all)
    return calls


@pytest.fixture
def cache_copy(gazetteer, tmp_path):
    """The real cache files copied into a temporary directory: (main file, loose file)."""
    src = gaz_build.cache_path()
    if not src.exists():  # another process changed the sources since the session gazetteer was loaded
        gaz_build.load_or_build()
    dst = tmp_path / src.name
    shutil.copyfile(src, dst)
    shutil.copyfile(gaz_build.loose_path(src), gaz_build.loose_path(dst))
    return dst, gaz_build.loose_path(dst)


def test_valid_cache_copy_is_trusted(cache_copy, cheap_builder, gazetteer):
    main_file, _ = cache_copy
    data = gaz_build.load_or_build(main_file)
    assert cheap_builder == []
    assert len(Gazetteer(data)) == len(gazetteer)


def _damage(path: Path, how: str) -> None:
    if how == "garbage":
        path.write_bytes(b"this is not a pickle \x00\xff" * 100)
    elif how == "truncated":
        data = path.read_bytes()
        path.write_bytes(data[: len(data) // 2])
    elif how == "empty":
        path.write_bytes(b"")
    elif how == "other-format":
        path.write_bytes(pickle.dumps({"format": gaz_build.FORMAT_VERSION - 1, "index": {}}))
    elif how == "not-a-dict":
        path.write_bytes(pickle.dumps(["names", "index"]))
    else:
        raise ValueError(how)


DAMAGE = ["garbage", "truncated", "empty", "other-format", "not-a-dict"]


@pytest.mark.parametrize("how", DAMAGE)
def test_damaged_main_cache_is_rebuilt(cache_copy, cheap_builder, how):
    main_file, loose_file = cache_copy
    _damage(main_file, how)
    data = gaz_build.load_or_build(main_file)
    assert cheap_builder == [1], "the damaged cache was trusted instead of rebuilt"
    gaz = Gazetteer(data)
    assert gaz.lookup("France")[0].place.country_code == "FR"
    rewritten = gaz_build._read(main_file)
    assert rewritten is not None and rewritten["names"] == data["names"]
    assert gaz_build._read(loose_file) is not None


@pytest.mark.parametrize("how", ["garbage", "truncated"])
def test_damaged_loose_cache_is_not_trusted(cache_copy, cheap_builder, how):
    """A damaged transliteration index must be rebuilt too, not break every loose lookup later."""
    main_file, loose_file = cache_copy
    _damage(loose_file, how)
    gaz = Gazetteer(gaz_build.load_or_build(main_file))
    gaz.lookup("Qxzqxzqxz")          # no exact key: goes to the loose index, must not raise
    assert cheap_builder == [1]
    assert gaz_build._read(loose_file) is not None


def test_missing_loose_cache_is_rebuilt(cache_copy, cheap_builder):
    main_file, loose_file = cache_copy
    loose_file.unlink()
    gaz = Gazetteer(gaz_build.load_or_build(main_file))
    assert cheap_builder == [1]
    assert loose_file.exists()
    gaz.lookup("Qxzqxzqxz")


def test_cache_dir_follows_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("EVENT_ATLAS_CACHE", str(tmp_path / "elsewhere"))
    assert gaz_build.cache_dir() == tmp_path / "elsewhere"
    assert gaz_build.cache_path().parent == tmp_path / "elsewhere"
    assert gaz_build.cache_path().name.startswith("gazetteer-") and gaz_build.cache_path().suffix == ".pkl"


def test_places_are_plain_values(gazetteer):
    place = gazetteer.lookup("Vladivostok")[0].place
    assert isinstance(place, Place)
    assert place == gazetteer.place(place.id)
    assert hash(place) == hash(gazetteer.place(place.id))


# --------------------------------------------------------------------------- English names


ENGLISH_NAME_CHOICES = [
    # local name, its English names in iso3166-2, what an English reader expects
    ("Rjazanskaja oblast'", ["Ryazan"], "Ryazan Oblast"),
    ("Altajskij kraj", ["Altai"], "Altai Krai"),
    ("P'yǒngyang", ["Pyongyang", "Capital of Willows"], "Pyongyang"),
    ("Seoul-teukbyeolsi", ["Seoul", "Seoul Special City"], "Seoul"),
    ("Dimashq", ["Damascus"], "Damascus"),
    ("Nangarhār", ["Ningrahar"], "Nangarhar"),            # English text writes the local spelling
    ("Al Ḩudaydah", ["Western Coast"], "Al Hudaydah"),    # a description, not a name
    ("Rājasthān", ["Land of Kings"], "Rajasthan"),
    ("Cascades", ["Waterfalls"], "Cascades"),
    ("São Paulo", ["Saint Paul"], "São Paulo"),            # a translation English text does not use
    ("Colón", ["Columbus"], "Colón"),
    ("Bretagne", ["Brittany"], "Brittany"),
    ("Kisumu", [], "Kisumu"),
    ("Evrejskaja avtonomnaja oblast'", ["Jewish Autonomous Oblast", "JAO"], "Jewish Autonomous Oblast"),
]


@pytest.mark.parametrize("local, english, expected", ENGLISH_NAME_CHOICES)
def test_english_name_choice(local, english, expected):
    assert english_name(local, english) == expected


@pytest.mark.parametrize("name, expected", [("Ryazan’", "Ryazan"), ("Tver’", "Tver"), ("Ḩarastā", "Harasta"),
                                            ("N’Djamena", "N’Djamena"), ("Köln", "Köln"), ("Kābul", "Kabul")])
def test_plain_spelling(name, expected):
    assert plain_spelling(name) == expected


@pytest.mark.parametrize("name, expected", [("White House", True), ("Large Hill", True), ("Island", True),
                                            ("East", True), ("Leghorn", False), ("Lower Shabelle", False),
                                            ("Saxony", False), ("Lower Saxony", False)])
def test_false_friend(name, expected):
    assert is_false_friend(name) is expected


@pytest.mark.parametrize("name, expected", [("Taliban", True), ("Ireland", True), ("Bozhüyük", False),
                                            ("New York", False)])
def test_frequent_word(name, expected):
    assert is_frequent_word(name) is expected


REGION_DISPLAY = [
    ("RU-RYA", "Ryazan Oblast"), ("KP-01", "Pyongyang"), ("KR-11", "Seoul"), ("SY-HL", "Aleppo"),
    ("DE-BY", "Bavaria"), ("AF-NAN", "Nangarhar"), ("UA-32", "Kyiv Oblast"), ("KP-03", "North Pyongan"),
    ("RU-PRI", "Primorsky Krai"), ("CN-TJ", "Tianjin"),
]


@pytest.mark.parametrize("code, name", REGION_DISPLAY)
def test_regions_display_english_names(gazetteer, code, name):
    assert gazetteer.region(code).name == name


@pytest.mark.parametrize("local, code", [("Rjazanskaja oblast'", "RU-RYA"), ("Seoul-teukbyeolsi", "KR-11"),
                                         ("Halab", "SY-HL"), ("Primorsky region", "RU-PRI")])
def test_local_names_still_match(gazetteer, local, code):
    assert code in {c.place.region_code for c in gazetteer.lookup(local, kind="region")}


def test_towns_display_without_soft_signs(gazetteer):
    top = gazetteer.lookup("Ryazan", kind="city")[0].place
    assert (top.name, top.country_code) == ("Ryazan", "RU")
