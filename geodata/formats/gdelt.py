"""GDELT 1.0 and 2.0 event exports: tab-separated, no header, 57 fields (1.0 before April 2013), 58 (1.0 with
SOURCEURL) or 61 (2.0, whose geography blocks add an ADM2 code). Daily files hold 100,000+ rows, so they are
read in chunks of lines and each chunk is mapped and validated on its own.

CAMEO root codes (refined by a few event codes) become ACLED event types; cooperation and verbal events are
strategic developments. ``ActionGeo_*`` gives the place and its precision, SOURCEURL the source, and QuadClass,
Goldstein scale and the CAMEO code are kept in ``tags`` ("quad_class=4; goldstein=-10.0; cameo=190").
"""

from __future__ import annotations

import io
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from geodata.formats.acled import country_code
from geodata.formats.base import (
    SQLITE_MAGIC,
    Chunks,
    Format,
    FormatError,
    Head,
    ImportResult,
    Progress,
    RowError,
    map_unique,
    one_chunk,
    read_head,
)
from geodata.formats.tabular import finish_import, read_table

ID_PREFIX = "gdelt:"
CHUNK_ROWS = 100_000


def _columns(adm2: bool, url: bool) -> tuple[str, ...]:
    """The GDELT event table's column names (lower-cased), as the codebooks list them."""
    actor = ("code", "name", "countrycode", "knowngroupcode", "ethniccode", "religion1code", "religion2code",
             "type1code", "type2code", "type3code")
    geo = ("type", "fullname", "countrycode", "adm1code") + (("adm2code",) if adm2 else ()) + (
        "lat", "long", "featureid")
    return (("globaleventid", "sqldate", "monthyear", "year", "fractiondate")
            + tuple(f"actor1{a}" for a in actor) + tuple(f"actor2{a}" for a in actor)
            + ("isrootevent", "eventcode", "eventbasecode", "eventrootcode", "quadclass", "goldsteinscale",
               "nummentions", "numsources", "numarticles", "avgtone")
            + tuple(f"{who}geo_{g}" for who in ("actor1", "actor2", "action") for g in geo)
            + ("dateadded",) + (("sourceurl",) if url else ()))


@dataclass(frozen=True)
class Layout:
    """One GDELT version's header-less rows: its name and its columns in order."""

    version: str
    columns: tuple[str, ...]

    @property
    def width(self) -> int:
        return len(self.columns)


LAYOUTS: dict[int, Layout] = {layout.width: layout for layout in (
    Layout("GDELT 1.0 (before April 2013)", _columns(adm2=False, url=False)),
    Layout("GDELT 1.0", _columns(adm2=False, url=True)),
    Layout("GDELT 2.0", _columns(adm2=True, url=True)),
)}
HEADER_NAMES = {"globaleventid", "sqldate", "eventrootcode"}
"""A GDELT table saved with its header (a BigQuery or database export) names at least these."""

ROOT_TYPES: dict[str, tuple[str, str]] = {
    "14": ("Protests", "Peaceful protest"),
    "18": ("Violence against civilians", "Attack"),
    "19": ("Battles", "Armed clash"),
    "20": ("Violence against civilians", "Attack"),
}
"""CAMEO root codes of material conflict; every other root (statements, appeals, cooperation, demands,
threats, force posture, reduced relations, coercion) is a strategic development."""
OTHER_ROOT = ("Strategic developments", "Other")
CODE_TYPES: dict[str, tuple[str, str]] = {
    "145": ("Riots", "Violent demonstration"),
    "171": ("Strategic developments", "Looting/property destruction"),
    "173": ("Strategic developments", "Arrests"),
    "181": ("Violence against civilians", "Abduction/forced disappearance"),
    "1821": ("Violence against civilians", "Sexual violence"),
    "183": ("Explosions/Remote violence", "Suicide bomb"),
    "1832": ("Explosions/Remote violence", "Remote explosive/landmine/IED"),
    "1833": ("Explosions/Remote violence", "Remote explosive/landmine/IED"),
    "194": ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
    "195": ("Explosions/Remote violence", "Air/drone strike"),
    "2041": ("Explosions/Remote violence", "Chemical weapon"),
    "057": ("Strategic developments", "Agreement"),
}
"""CAMEO event codes (and their children) that name an ACLED sub-event type more precisely than the root."""
GEO_PRECISION: dict[str, str] = {"1": "3", "2": "3", "3": "1", "4": "1", "5": "3"}
"""ActionGeo_Type (1 country, 2 US state, 3 US city, 4 world city, 5 world state) as our geo_precision."""


def _event_types(codes: pd.Series, roots: pd.Series) -> tuple[pd.Series, pd.Series]:
    """ACLED event and sub-event types of CAMEO codes; an unknown root stays visible as "CAMEO root ..."."""
    known_root = roots.str.fullmatch(r"\d{2}").fillna(False).astype(bool).to_numpy()
    root_pairs = [ROOT_TYPES.get(r, OTHER_ROOT) for r in roots.fillna("")]
    types = np.array([p[0] for p in root_pairs], dtype=object)
    subs = np.array([p[1] for p in root_pairs], dtype=object)
    for prefix in sorted(CODE_TYPES, key=len):   # longer codes last: the most precise one wins
        hit = codes.str.startswith(prefix).fillna(False).astype(bool).to_numpy()
        types[hit], subs[hit] = CODE_TYPES[prefix]
    unknown = ~known_root
    types[unknown] = ("CAMEO root " + roots.fillna("(none)")).to_numpy()[unknown]   # reported as unknown
    subs[unknown] = None
    return pd.Series(types, index=roots.index), pd.Series(subs, index=roots.index)


_HOST = r"^[A-Za-z][A-Za-z0-9+.-]*://(?:[^@/?#]*@)?(?:www\.)?([^/:?#]+)"


def _hosts(urls: pd.Series) -> pd.Series:
    """The publisher's host of each source URL ("www." dropped), vectorised: a day holds 100,000 URLs."""
    return urls.str.extract(_HOST, expand=False).str.lower()


def _place(full_names: pd.Series, kinds: pd.Series) -> pd.DataFrame:
    """Location, admin1 and country from "Town, Region, Country" as GDELT writes ActionGeo_FullName; a state
    ("Texas, United States") is its own admin1."""
    first = full_names.str.extract(r"^\s*([^,]*?)\s*(?:,|$)", expand=False)
    country = full_names.str.extract(r"(?:^|,)\s*([^,]*?)\s*$", expand=False)
    admin1 = full_names.str.extract(r"^[^,]*,\s*(.+?),\s*[^,]*$", expand=False)
    admin1 = admin1.where(~kinds.isin(["2", "5"]).fillna(False).astype(bool), first)
    return pd.DataFrame({"location": first, "admin1": admin1, "country": country})


def from_gdelt(raw: pd.DataFrame) -> pd.DataFrame:
    """GDELT rows (text cells under the codebook's lower-cased names; any may be missing) in our columns,
    still as text for validation."""
    def col(name: str) -> pd.Series:
        return raw[name].astype("str") if name in raw.columns else pd.Series(pd.NA, index=raw.index, dtype="str")

    date = col("sqldate").str.strip()
    iso = (date.str[0:4] + "-" + date.str[4:6] + "-" + date.str[6:8]).where(date.str.fullmatch(r"\d{8}"), date)
    codes = col("eventcode").str.strip()
    roots = col("eventrootcode").str.strip().fillna(codes.str[:2])
    types, subs = _event_types(codes, roots)
    kind = col("actiongeo_type").str.strip()
    place = _place(col("actiongeo_fullname"), kind)
    url = col("sourceurl")
    tags = ("quad_class=" + col("quadclass").fillna("") + "; goldstein=" + col("goldsteinscale").fillna("")
            + "; cameo=" + codes.fillna(""))
    names = place["country"]
    year = col("year").fillna(date.str[0:4])
    frame = pd.DataFrame({
        "event_id": ID_PREFIX + col("globaleventid").str.strip(),
        "event_date": iso,
        "year": year,
        "time_precision": "1",
        "event_type": types,
        "sub_event_type": subs,
        "actor1": col("actor1name"),
        "actor2": col("actor2name"),
        "country": names,
        "admin1": place["admin1"],
        "location": place["location"],
        "latitude": col("actiongeo_lat"),
        "longitude": col("actiongeo_long"),
        "geo_precision": kind.map(GEO_PRECISION),
        "source": _hosts(url),
        "tags": tags,
        "date_precision": "day",
        "country_code": map_unique(names, country_code),
        "source_url": url,
        "modality": "asserted",
        "origin": "imported",
        "_line": raw["_line"],
    }, index=raw.index)
    return frame


def _width(line: bytes) -> int:
    return line.rstrip(b"\r\n").count(b"\t") + 1


def read_gdelt_chunks(path: str | os.PathLike[str], chunk_rows: int = CHUNK_ROWS,
                      progress: Progress | None = None) -> Chunks:
    """Events of a GDELT export, chunk by chunk of ``chunk_rows`` lines; a line with another number of fields
    than the file's first (a truncated last line) is reported and skipped."""
    location = Path(path)
    size = location.stat().st_size
    if HEADER_NAMES <= read_head(location).names:
        yield from one_chunk(read_gdelt_table)(location, chunk_rows, progress)
        return
    with open(location, "rb") as handle:
        first = handle.readline()
        if first.startswith(SQLITE_MAGIC) or b"\x00" in first:
            raise FormatError(f"{location}: binary file, not a GDELT export")
        layout = LAYOUTS.get(_width(first))
        if layout is None:
            raise FormatError(f"{location}: not a GDELT event export: its first line has {_width(first)} "
                              f"tab-separated fields, GDELT writes 57, 58 or 61")
        handle.seek(0)
        yield from _chunks(handle, layout, max(1, chunk_rows), size, progress)


def _chunks(handle: io.BufferedReader, layout: Layout, chunk_rows: int, size: int,
            progress: Progress | None) -> Iterator[ImportResult]:
    line_number, done = 0, 0
    while True:
        good: list[bytes] = []
        lines: list[int] = []
        errors: list[RowError] = []
        rows = 0
        for raw_line in handle:
            line_number += 1
            done += len(raw_line)
            if not raw_line.strip():
                continue
            rows += 1
            width = _width(raw_line)
            if width != layout.width:
                errors.append(RowError(line_number, f"expected {layout.width} tab-separated fields as "
                                                    f"{layout.version} writes, found {width}"))
            else:
                good.append(raw_line if raw_line.endswith(b"\n") else raw_line + b"\n")
                lines.append(line_number)
            if rows >= chunk_rows:
                break
        if rows == 0:
            return
        text = b"".join(good).decode("utf-8", errors="replace")
        frame = pd.read_csv(io.StringIO(text), sep="\t", header=None, names=list(layout.columns), dtype="str",
                            quoting=3, keep_default_na=False, na_values=[""], engine="c") if good else \
            pd.DataFrame(columns=list(layout.columns), dtype="str")
        frame["_line"] = np.array(lines, dtype="int64")
        result = finish_import(from_gdelt(frame), errors, rows)
        if progress is not None:
            progress(done, size)
        yield result


def sniff_gdelt(head: Head) -> bool:
    first = head.first_row
    headerless = (head.delimiter == "\t" and len(first) in LAYOUTS and first[0].strip().isdigit()
                  and len(first[1].strip()) == 8 and first[1].strip().isdigit())
    return headerless or HEADER_NAMES <= head.names


def read_gdelt_table(path: str | os.PathLike[str]) -> ImportResult:
    """A GDELT table saved with a header row (any delimiter, any subset of the codebook's columns)."""
    table = read_table(path)
    missing = sorted(HEADER_NAMES - set(table.frame.columns))
    if missing:
        raise FormatError(f"{path}: not a GDELT event table: missing column(s) {', '.join(missing)}")
    return finish_import(from_gdelt(table.frame), table.errors, table.rows)


def read_gdelt(path: str | os.PathLike[str]) -> ImportResult:
    """A whole GDELT export as one result (small files; big ones stream through read_gdelt_chunks)."""
    chunks = list(read_gdelt_chunks(path))
    if not chunks:
        raise FormatError(f"{path}: empty file")
    df = pd.concat([c.df for c in chunks], ignore_index=True) if len(chunks) > 1 else chunks[0].df
    return ImportResult(df=df, errors=[e for c in chunks for e in c.errors], taken=sum(c.taken for c in chunks),
                        rejected=sum(c.rejected for c in chunks))


FORMAT = Format(name="gdelt", label="GDELT event export", suffixes=(".csv", ".tsv", ".txt"),
                media_type="text/tab-separated-values", sniff=sniff_gdelt, read=read_gdelt_chunks, write=None)
