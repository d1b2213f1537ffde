"""Event Atlas engine: places (gazetteer, geoparser), text, event extraction, the event table (schema, query),
storage and formats; no Streamlit here."""

__version__ = "0.1.0"
