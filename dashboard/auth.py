"""Who may write on a shared deployment: visitors read, editors sign in with a password to add, import, edit
or delete.

The password comes from the environment variable EVENT_ATLAS_EDITOR_PASSWORD or the secret `editor_password`
(.streamlit/secrets.toml, or the app's Secrets on Streamlit Community Cloud). Unset, the app is open as on a
local run. It is compared in constant time (hmac.compare_digest); a session remembers a digest of the password
it signed in with, so changing the password signs every session out. The editor's name goes into the store's
history with each edit."""

from __future__ import annotations

import hashlib
import hmac
import os
import time

import streamlit as st

PASSWORD_ENV = "EVENT_ATLAS_EDITOR_PASSWORD"
SECRET_KEY = "editor_password"
_SIGNED_IN = "editor_signed_in"     # a digest of the password this session signed in with
_NAME = "editor_name"
_FAILED_DELAY_S = 1.0               # a wrong password costs a second: guessing is slow


def configured_password() -> str | None:
    """The editor password of this deployment, or None when the app is open to every visitor."""
    value = os.environ.get(PASSWORD_ENV)
    if not value and st.secrets.load_if_toml_exists():
        value = st.secrets.get(SECRET_KEY)
    return str(value) if value else None


def read_only() -> bool:
    return configured_password() is not None


def _digest(password: str) -> str:
    return hashlib.sha256(password.encode("utf-8")).hexdigest()


def password_matches(typed: str, password: str) -> bool:
    return hmac.compare_digest(typed.encode("utf-8"), password.encode("utf-8"))


def can_write() -> bool:
    """Whether this session may change the store: always on an open deployment, else once signed in."""
    password = configured_password()
    if password is None:
        return True
    signed = st.session_state.get(_SIGNED_IN)
    return isinstance(signed, str) and hmac.compare_digest(signed, _digest(password))


def editor() -> str | None:
    """The signed-in editor's name for the store's history; None when not known."""
    name = st.session_state.get(_NAME) if can_write() else None
    return str(name) if name else None


def sign_in(typed: str, name: str) -> bool:
    password = configured_password()
    if password is None or not password_matches(typed, password):
        time.sleep(_FAILED_DELAY_S)
        return False
    st.session_state[_SIGNED_IN] = _digest(password)
    st.session_state[_NAME] = name.strip()[:80] or "editor"
    return True


def sign_out() -> None:
    st.session_state.pop(_SIGNED_IN, None)
    st.session_state.pop(_NAME, None)


def sidebar() -> None:
    """The sign-in form in the sidebar of a read-only deployment; nothing on an open one."""
    if not read_only():
        return
    with st.sidebar:
        if can_write():
            st.caption(f"Signed in as {editor()} (editor).")
            if st.button("Sign out", key="editor_sign_out"):
                sign_out()
                st.rerun()
            return
        st.caption("Read-only: editors sign in to add, import or edit events.")
        with st.form("editor_sign_in", clear_on_submit=True):
            name = st.text_input("Your name", key="editor_name_input")
            typed = st.text_input("Editor password", type="password", key="editor_password_input")
            if st.form_submit_button("Sign in"):
                if sign_in(typed, name):
                    st.rerun()
                st.error("Wrong editor password.")


def require_editor(what: str) -> bool:
    """True when this session may write; else a note saying how to, and False."""
    if can_write():
        return True
    st.info(f"This Event Atlas is read-only for visitors: sign in as an editor (in the sidebar) to {what}.")
    return False
