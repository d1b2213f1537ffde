"""Event Atlas: `streamlit run streamlit_app.py` (also the entry point on Streamlit Community Cloud).

`streamlit run` finds `app` below (Streamlit's `st.App`) and serves the page through it, so the server prepares
the first visitor's page as it starts (dashboard.warmup). Each visitor's run executes this file as `__main__`
and draws the page.
"""

import streamlit as st

if __name__ == "__main__":
    from dashboard.app import main
    from geodata.memory import return_freed_memory

    return_freed_memory()   # dropped views go back to the system: the server's peak follows what it holds
    main()
else:
    from dashboard.warmup import lifespan

    app = st.App(__file__, lifespan=lifespan)
