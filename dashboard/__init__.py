"""Event Atlas' Streamlit views. Map, filters, charts and tables are built by plain functions that tests
call without a browser; the Streamlit calls stay thin."""
