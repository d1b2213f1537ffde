"""`python -m geodata`: in-process through `main()` with real byte streams, and in a subprocess where the process
itself is what is tested (the entry point, streaming output, a reader that goes away)."""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
from pathlib import Path
from unittest import mock

import pytest

import geodata
from geodata.cli import EXIT_BROKEN_PIPE, SUBCOMMANDS, main

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "geodata" / "data" / "sample_article.md"
KINDS = {"country", "region", "city", "feature"}
MENTION_KEYS = {"text", "start", "end", "name", "kind", "country_code", "admin1", "lat", "lon", "geonameid",
                "region_code", "confidence", "demonym"}
PLACE_KEYS = {"name", "kind", "feature_code", "country_code", "admin1", "lat", "lon", "population", "geonameid",
              "region_code"}


def run(*args: str, stdin: bytes | str | None = None) -> subprocess.CompletedProcess:
    """`python -m geodata ARGS` run in this process: stdin, stdout and stderr are byte streams as in a process."""
    data = stdin.encode("utf-8") if isinstance(stdin, str) else (stdin or b"")
    out, err = io.BytesIO(), io.BytesIO()
    streams = {"stdin": io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"),
               "stdout": io.TextIOWrapper(out, encoding="utf-8", write_through=True),
               "stderr": io.TextIOWrapper(err, encoding="utf-8", write_through=True)}
    with mock.patch.multiple(sys, **streams):
        code = main(list(args))
        sys.stdout.flush()
        sys.stderr.flush()
    return subprocess.CompletedProcess(["geodata", *args], code, out.getvalue().decode("utf-8"),
                                       err.getvalue().decode("utf-8"))


def run_process(*args: str, stdin: bytes | str | None = None, timeout: float = 300) -> subprocess.CompletedProcess:
    """`python -m geodata ARGS` in a real subprocess."""
    data = stdin.encode("utf-8") if isinstance(stdin, str) else stdin
    proc = subprocess.run([sys.executable, "-m", "geodata", *args], cwd=REPO, input=data, capture_output=True,
                          timeout=timeout, stdin=None if data is not None else subprocess.DEVNULL)
    return subprocess.CompletedProcess(proc.args, proc.returncode, proc.stdout.decode("utf-8"),
                                       proc.stderr.decode("utf-8"))


@pytest.fixture(scope="module", autouse=True)
def _gazetteer_cached(gazetteer):
    """Build the cache once in this process, so no subprocess pays for it (or races another)."""


def assert_clean_error(proc: subprocess.CompletedProcess, *words: str) -> None:
    assert proc.returncode == 2, (proc.returncode, proc.stdout, proc.stderr)
    assert proc.stdout == ""
    assert "Traceback" not in proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), proc.stderr
    for word in words:
        assert word in lines[0], (word, lines[0])


def check_mention(d: dict, text: str | None = None) -> None:
    assert MENTION_KEYS <= set(d), sorted(MENTION_KEYS - set(d))
    assert isinstance(d["text"], str) and d["text"]
    assert type(d["start"]) is int and type(d["end"]) is int and 0 <= d["start"] < d["end"]
    if text is not None:
        assert text[d["start"]:d["end"]] == d["text"]
    assert isinstance(d["name"], str) and d["name"]
    assert d["kind"] in KINDS
    assert isinstance(d["country_code"], str) and re.fullmatch(r"[A-Z]{2}", d["country_code"]), d
    assert d["admin1"] is None or isinstance(d["admin1"], str)
    assert isinstance(d["lat"], float) and -90 <= d["lat"] <= 90
    assert isinstance(d["lon"], float) and -180 <= d["lon"] <= 180
    assert d["geonameid"] is None or type(d["geonameid"]) is int
    assert d["region_code"] is None or isinstance(d["region_code"], str)
    assert isinstance(d["confidence"], float) and 0.0 <= d["confidence"] <= 1.0
    assert isinstance(d["demonym"], bool)


# --------------------------------------------------------------------------- top level


@pytest.mark.slow
def test_version_through_the_module_entry_point():
    proc = run_process("--version")
    assert proc.returncode == 0
    assert proc.stdout.strip().endswith(geodata.__version__)


@pytest.mark.slow
def test_no_subcommand_is_a_usage_error():
    proc = run_process()
    assert proc.returncode == 2 and "usage" in proc.stderr and "Traceback" not in proc.stderr


def test_subcommands_are_registered_in_one_place():
    assert {"geocode", "places"} <= set(SUBCOMMANDS)
    assert all(callable(cmd.run) and callable(cmd.arguments) for cmd in SUBCOMMANDS.values())


def test_main_in_process_returns_exit_code(capsys):
    assert main(["--version"]) == 0
    assert geodata.__version__ in capsys.readouterr().out
    assert main(["places", str(REPO / "no-such-file.txt")]) == 2
    assert "no-such-file.txt" in capsys.readouterr().err


# --------------------------------------------------------------------------- geocode


def test_geocode_json():
    proc = run("geocode", "Paris", "--json", "--limit", "3")
    assert proc.returncode == 0, proc.stderr
    places = json.loads(proc.stdout)
    assert isinstance(places, list) and len(places) == 3
    for d in places:
        assert PLACE_KEYS | {"score", "match"} <= set(d)
        assert d["kind"] in KINDS
        assert isinstance(d["score"], float)
        assert d["match"] in ("name", "alternate", "loose")
    assert places[0]["name"] == "Paris" and places[0]["country_code"] == "FR" and places[0]["match"] == "name"
    assert type(places[0]["geonameid"]) is int
    assert [d["score"] for d in places] == sorted((d["score"] for d in places), reverse=True)


def test_geocode_text_one_line_per_candidate():
    proc = run("geocode", "Paris", "--limit", "4")
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.strip().splitlines()
    assert len(lines) == 4
    assert lines[0].startswith("1.") and "Paris" in lines[0] and "FR" in lines[0] and "48.85" in lines[0]
    assert lines[3].startswith("4.")


def test_geocode_country_filter_and_multiword_name():
    proc = run("geocode", "Paris", "--country", "us", "--json")
    assert proc.returncode == 0, proc.stderr
    places = json.loads(proc.stdout)
    assert places and {d["country_code"] for d in places} == {"US"}
    proc = run("geocode", "Sea", "of", "Azov", "--json")
    assert json.loads(proc.stdout)[0]["name"] == "Sea of Azov"


def test_geocode_region_has_iso_code():
    proc = run("geocode", "Poltava", "--kind", "region", "--json")
    assert proc.returncode == 0, proc.stderr
    top = json.loads(proc.stdout)[0]
    assert top["kind"] == "region" and top["region_code"] == "UA-53" and top["geonameid"] is None


def test_geocode_no_match():
    proc = run("geocode", "Qxzqxzqxz", "--json")
    assert proc.returncode == 1
    assert json.loads(proc.stdout) == []
    assert "Qxzqxzqxz" in proc.stderr and "Traceback" not in proc.stderr
    proc = run("geocode", "Qxzqxzqxz")
    assert proc.returncode == 1 and proc.stdout == "" and "Qxzqxzqxz" in proc.stderr


@pytest.mark.parametrize("args", [["geocode"], ["geocode", "Paris", "--limit", "0"],
                                  ["geocode", "Paris", "--limit", "many"], ["geocode", "Paris", "--country", "USA"]])
def test_geocode_bad_arguments(args):
    proc = run(*args)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr and proc.stdout == ""


# --------------------------------------------------------------------------- places, one text


def test_places_json_on_sample_article():
    proc = run("places", str(SAMPLE), "--json")
    assert proc.returncode == 0, proc.stderr
    mentions = json.loads(proc.stdout)
    text = SAMPLE.read_text(encoding="utf-8")
    assert len(mentions) >= 10
    for d in mentions:
        check_mention(d, text)
    names = {d["name"] for d in mentions}
    assert {"North Korea", "Russia", "Ukraine", "South Korea", "Ussuriysk", "Vladivostok"} <= names
    assert any(d["region_code"] == "UA-53" and d["kind"] == "region" for d in mentions)
    assert any(d["demonym"] for d in mentions)


def test_places_no_demonyms():
    proc = run("places", str(SAMPLE), "--json", "--no-demonyms")
    assert proc.returncode == 0, proc.stderr
    mentions = json.loads(proc.stdout)
    assert mentions and not any(d["demonym"] for d in mentions)


def test_places_text_table():
    proc = run("places", str(SAMPLE))
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.strip().splitlines()
    assert len(lines) >= 11  # a header and one row per mention
    assert "Ussuriysk" in proc.stdout and "Vladivostok" in proc.stdout
    row = next(line for line in lines if "Ussuriysk" in line)
    assert re.search(r"\b\d+-\d+\b", row) and "RU" in row and "43.8" in row and "131.9" in row


def test_places_stdin_dash_and_absent():
    text = "Shelling hit Kharkiv and Odesa overnight."
    for args in (["places", "-", "--json"], ["places", "--json"]):
        proc = run(*args, stdin=text)
        assert proc.returncode == 0, proc.stderr
        mentions = json.loads(proc.stdout)
        assert [d["text"] for d in mentions] == ["Kharkiv", "Odesa"]
        for d in mentions:
            check_mention(d, text)


def test_places_output_is_utf8_not_escaped(tmp_path):
    path = tmp_path / "u.txt"
    path.write_text("Ships left Wŏnsan and Namp’o.", encoding="utf-8")
    proc = run("places", str(path), "--json")
    assert proc.returncode == 0, proc.stderr
    assert "\\u" not in proc.stdout
    assert [d["text"] for d in json.loads(proc.stdout)] == ["Wŏnsan", "Namp’o"]


def test_places_bom_is_dropped(tmp_path):
    path = tmp_path / "bom.txt"
    path.write_bytes("\ufeffTroops left Vladivostok.".encode("utf-8"))
    proc = run("places", str(path), "--json")
    assert proc.returncode == 0, proc.stderr
    (d,) = json.loads(proc.stdout)
    assert (d["text"], d["start"]) == ("Vladivostok", len("Troops left "))


def test_places_missing_file(tmp_path):
    missing = tmp_path / "nope.txt"
    assert_clean_error(run("places", str(missing)), str(missing))
    assert_clean_error(run("places", str(missing), "--json"), str(missing))


def test_places_directory(tmp_path):
    assert_clean_error(run("places", str(tmp_path)), str(tmp_path), "directory")


def test_places_binary_file(tmp_path):
    path = tmp_path / "data.bin"
    path.write_bytes(b"Paris\x00\x01\x02 and Kyiv\x00")
    assert_clean_error(run("places", str(path), "--json"), str(path))


def test_places_not_utf8(tmp_path):
    path = tmp_path / "latin1.txt"
    path.write_bytes("Troops left Kraków for Łódź and Zürich.".encode("cp1250"))
    assert_clean_error(run("places", str(path)), str(path), "UTF-8")


@pytest.mark.parametrize("content", [b"", b"   \n\t\r\n  "], ids=["empty", "whitespace"])
def test_places_empty_file(tmp_path, content):
    path = tmp_path / "empty.txt"
    path.write_bytes(content)
    assert_clean_error(run("places", str(path)), str(path), "empty")


def test_places_empty_stdin():
    assert_clean_error(run("places", "-", stdin=b""), "stdin")


def test_places_unreadable_path(tmp_path):
    """An OSError other than a missing file: a path through a regular file (ENOTDIR)."""
    (tmp_path / "plain.txt").write_text("Paris", encoding="utf-8")
    path = tmp_path / "plain.txt" / "inner.txt"
    assert_clean_error(run("places", str(path)), str(path))


def test_places_unreadable_file(tmp_path):
    import os

    path = tmp_path / "secret.txt"
    path.write_text("Paris", encoding="utf-8")
    path.chmod(0)
    if os.access(path, os.R_OK):  # root reads it anyway: then a dangling link stands in for it
        path = tmp_path / "dangling"
        path.symlink_to(tmp_path / "gone")
    assert_clean_error(run("places", str(path)), str(path))


# --------------------------------------------------------------------------- places --jsonl


def test_jsonl_batch_with_a_bad_line(tmp_path):
    path = tmp_path / "batch.jsonl"
    path.write_text(json.dumps({"text": "Troops moved from North Korea to Russia."}) + "\n"
                    + "{not json\n"
                    + json.dumps({"text": "Drones struck the Poltava region.", "id": 3}) + "\n", encoding="utf-8")
    proc = run("places", "--jsonl", str(path))
    assert proc.returncode == 1, proc.stderr
    lines = proc.stdout.splitlines()
    assert len(lines) == 3
    first, second, third = (json.loads(line) for line in lines)
    assert [d["text"] for d in first] == ["North Korea", "Russia"]
    assert second == []
    assert [(d["text"], d["region_code"]) for d in third] == [("Poltava region", "UA-53")]
    for d in first + third:
        check_mention(d)
    assert "line 2" in proc.stderr and "Traceback" not in proc.stderr
    assert "line 1" not in proc.stderr and "line 3" not in proc.stderr


def test_jsonl_line_without_text_field(tmp_path):
    path = tmp_path / "batch.jsonl"
    path.write_text("\n".join([json.dumps({"text": "Seoul"}), json.dumps({"title": "no text"}), "[1, 2]",
                               json.dumps({"text": 42}), json.dumps({"text": "Kyiv"})]) + "\n", encoding="utf-8")
    proc = run("places", "--jsonl", str(path))
    assert proc.returncode == 1
    results = [json.loads(line) for line in proc.stdout.splitlines()]
    assert len(results) == 5
    assert results[1] == results[2] == results[3] == []
    assert [d["text"] for d in results[0]] == ["Seoul"] and [d["text"] for d in results[4]] == ["Kyiv"]
    for n in (2, 3, 4):
        assert f"line {n}" in proc.stderr


def test_jsonl_all_good_from_stdin():
    batch = "".join(json.dumps({"text": t}, ensure_ascii=False) + "\n"
                    for t in ["Ships left Wŏnsan.", "Nothing here.", "Fighting in the Kursk region."])
    proc = run("places", "--jsonl", "-", stdin=batch)
    assert proc.returncode == 0, proc.stderr
    results = [json.loads(line) for line in proc.stdout.splitlines()]
    assert len(results) == 3
    assert [d["text"] for d in results[0]] == ["Wŏnsan"]
    assert results[1] == []
    assert results[2][0]["region_code"] == "RU-KRS"
    assert proc.stderr == ""


def test_jsonl_missing_file(tmp_path):
    assert_clean_error(run("places", "--jsonl", str(tmp_path / "nope.jsonl")), "nope.jsonl")


@pytest.mark.slow
def test_jsonl_output_is_flushed_per_line():
    """A reader gets each line's answer before it sends the next line."""
    proc = subprocess.Popen([sys.executable, "-m", "geodata", "places", "--jsonl", "-"], cwd=REPO,
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        answers = []
        for text in ("Seoul", "Kyiv"):
            proc.stdin.write((json.dumps({"text": text}) + "\n").encode())
            proc.stdin.flush()
            answers.append(json.loads(proc.stdout.readline()))
        assert [a[0]["text"] for a in answers] == ["Seoul", "Kyiv"]
        proc.stdin.close()
        assert proc.wait(timeout=60) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.stdout.close()
        proc.stderr.close()


@pytest.mark.slow
def test_broken_pipe_exits_quietly(tmp_path):
    path = tmp_path / "big.jsonl"
    path.write_text("".join(json.dumps({"text": f"Troops moved from Kyiv to Lviv on day {i}."}) + "\n"
                            for i in range(5000)), encoding="utf-8")
    proc = subprocess.Popen([sys.executable, "-m", "geodata", "places", "--jsonl", str(path)], cwd=REPO,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    first = proc.stdout.readline()
    proc.stdout.close()  # like `| head -n 1`
    try:
        stderr = proc.stderr.read().decode()
        code = proc.wait(timeout=120)
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.stderr.close()
    assert json.loads(first)[0]["text"] == "Kyiv"
    assert "Traceback" not in stderr and "BrokenPipe" not in stderr, stderr
    assert code == EXIT_BROKEN_PIPE
