"""Log in with a dashboard account (coders and admins; analysts when the settings require it), or log out."""

import forms
import streamlit as st
import ui

from tracker.errors import TrackerError
from tracker.services.users import authenticate

st.title("Log in")
user = forms.current_user()
if user is not None:
    st.text(f"Logged in as {user.name} ({user.role}).")
    if st.button("Log out"):
        forms.sign_out()
        st.rerun()
    st.stop()

st.caption("Accounts are created at the command line: `tracker users add NAME --role coder`.")
# clear_on_submit: the password does not linger in the session after an attempt
with st.form("login", clear_on_submit=True):
    name = st.text_input("User name")
    password = st.text_input("Password", type="password")
    submitted = st.form_submit_button("Log in")

if submitted:
    try:
        forms.sign_in(authenticate(ui.get_db(), name, password))
    except TrackerError as exc:
        st.error(str(exc))
    else:
        st.rerun()
