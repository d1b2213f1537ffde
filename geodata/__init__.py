"""Event Atlas engine: gazetteer, geoparser, events, timeline, storage and formats; no Streamlit here."""

__version__ = "0.1.0"
