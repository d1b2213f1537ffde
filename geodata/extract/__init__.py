"""Event extraction: an article and its publication date in, dated and geocoded event rows out."""

from geodata.extract.events import (
    Article,
    EventExtractor,
    default_extractor,
    extract_events,
)

__all__ = ["Article", "EventExtractor", "default_extractor", "extract_events"]
