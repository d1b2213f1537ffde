"""The Event Atlas page: three views over one store, the filters living in the URL.

On a deployment with an editor password (dashboard.auth), visitors read: the "Add an article" page and the
Data page's import ask for the password first, and every write checks it again on the server."""

from __future__ import annotations

import streamlit as st

from dashboard import auth, data_page, events_view, ingest, session
from dashboard.vendor import STATIC


def _add_page() -> None:
    if auth.can_write():
        ingest.render()
        return
    st.header("Add an article")
    auth.require_editor("add articles")


def main() -> None:
    st.set_page_config(page_title="Event Atlas", page_icon=str(STATIC / "favicon.png"), layout="wide")
    pages = [st.Page(events_view.render, title="Events", icon=":material/map:", url_path="events", default=True),
             st.Page(_add_page, title="Add an article", icon=":material/post_add:", url_path="add"),
             st.Page(data_page.render, title="Data", icon=":material/database:", url_path="data")]
    st.title("Event Atlas")
    auth.sidebar()
    page = st.navigation(pages)
    session.enter_page(page.url_path)
    page.run()
    ingest.build_if_missing()   # after the page: a missing place index is built in the background
