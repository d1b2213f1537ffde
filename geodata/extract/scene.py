"""The country a passage is about, and the namesakes abroad it rules out.

A short report names its places once: "Police shot two men in Eastleigh, Nairobi" has one town the gazetteer
knows in Kenya and a namesake of the other in England. Each place is resolved on its own evidence; here the
passage's other places vote for the scene's country, and a town or region of another country that nothing
else in the passage supports, lying far from every place of the scene, is a namesake, not the place.

Only places the gazetteer resolved with some confidence make a scene: a country named, a nationality or an
actor's home country adds to it but never makes one alone ("Russian airstrikes on Idlib" is still in Syria).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from geodata.places.gazetteer import Place
from geodata.places.geo import haversine_km
from geodata.places.geoparser import Mention

SCENE_CONFIDENCE = 0.75   # a place resolved at least this surely can set the scene
SIDE_WEIGHT = 0.5         # a country named, a nationality or an actor's home country: evidence, not a scene
LEAD = 1.5                # the scene's country outweighs every other at least this many times
SURE = 0.95               # a place resolved this surely is no namesake, whatever the passage's scene
NEAR_KM = 400.0           # a place of another country this close to the scene's places is across a border


@dataclass(frozen=True)
class Scene:
    country_code: str
    places: tuple[Place, ...]   # the scene country's towns and regions named in the passage


def _km(a: Place, b: Place) -> float:
    return haversine_km(a.lat, a.lon, b.lat, b.lon)


def _is_place(m: Mention) -> bool:
    return not m.demonym and m.place.kind in ("city", "region") and bool(m.place.country_code)


def _weights(context: Iterable[Mention], home_countries: Iterable[str], without: str) -> dict[str, float]:
    """Each country's evidence: per distinct name the confidence of its place (a side weight for a country
    or a nationality), plus each actor's home country; the name `without` (the one judged) counts for nothing."""
    best: dict[tuple[str, str], float] = {}
    for m in context:
        key = m.text.casefold()
        code = m.place.country_code
        if not code or key == without:
            continue
        weight = m.confidence if _is_place(m) else SIDE_WEIGHT
        best[(key, code)] = max(best.get((key, code), 0.0), weight)
    out: dict[str, float] = {}
    for (_, code), weight in best.items():
        out[code] = out.get(code, 0.0) + weight
    for code in set(home_countries):
        out[code] = out.get(code, 0.0) + SIDE_WEIGHT
    return out


def scene_for(mention: Mention, context: list[Mention], home_countries: Iterable[str] = ()) -> Scene | None:
    """The country the passage is about, as far as `mention` is judged: one with a place resolved surely
    (other than that name) that outweighs `mention`'s own country, `mention` included, and every other
    country `LEAD` times; None when the passage is divided."""
    without = mention.text.casefold()
    weights = _weights(context, home_countries, without)
    if not weights:
        return None
    ranked = sorted(weights.items(), key=lambda kv: -kv[1])
    code, top = ranked[0]
    own = mention.place.country_code
    rivals = [w for c, w in ranked[1:] if c != own] + [weights.get(own, 0.0) + mention.confidence]
    places = tuple(m.place for m in context if _is_place(m) and m.place.country_code == code
                   and m.confidence >= SCENE_CONFIDENCE and m.text.casefold() != without)
    if not places or code == own or top < LEAD * max(rivals):
        return None
    return Scene(code, places)


def namesake_abroad(mention: Mention, context: list[Mention], home_countries: Iterable[str] = ()) -> bool:
    """Whether a town or region is a namesake in another country than the passage's scene, far from its
    places ("Eastleigh" beside "Nairobi" is not the English town)."""
    if not _is_place(mention) or mention.confidence >= SURE:
        return False
    scene = scene_for(mention, context, home_countries)
    if scene is None or mention.place.country_code == scene.country_code:
        return False
    return all(_km(mention.place, p) > NEAR_KM for p in scene.places)


def in_scene(places: list[Mention], context: list[Mention], home_countries: Iterable[str] = ()) -> list[Mention]:
    """`places` without the namesakes abroad (see `namesake_abroad`); countries and nationalities are kept."""
    homes = tuple(home_countries)
    return [m for m in places if not namesake_abroad(m, context, homes)]
