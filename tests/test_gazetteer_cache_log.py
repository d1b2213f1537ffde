"""A gazetteer cache that cannot be written is no failure, but it is said: it costs a rebuild on every start."""

from __future__ import annotations

import logging

from geodata.places.gazetteer import build


def test_an_unwritable_cache_folder_is_logged_not_raised(tmp_path, caplog):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be")
    target = blocker / "event-atlas" / "gazetteer-x.pkl"
    with caplog.at_level(logging.WARNING, logger="geodata.places.gazetteer.build"):
        build._write_atomically(target, {"format": build.FORMAT_VERSION})
    assert not target.exists()
    assert "could not be written" in caplog.text and "EVENT_ATLAS_CACHE" in caplog.text
