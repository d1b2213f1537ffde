"""Event Atlas: `streamlit run streamlit_app.py` (also the entry point on Streamlit Community Cloud)."""

from dashboard.app import main
from geodata.memory import return_freed_memory

return_freed_memory()   # dropped views go back to the system: the server's peak follows what it holds
main()
