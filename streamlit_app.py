"""Event Atlas: `streamlit run streamlit_app.py` (also the entry point on Streamlit Community Cloud)."""

from dashboard.app import main

main()
