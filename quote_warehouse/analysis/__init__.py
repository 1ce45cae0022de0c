"""What the analysts' app asks of the published marts, as plain functions.

`published` finds and opens the published file (read-only, reopened when a
build replaces it); `queries` answers the app's questions (search, a
statement with its copies and highlighted spans, a speaker page, the
charts' frames). The Streamlit page (`app.py`, started by `serve.py`)
only lays these out, so the tests call them without a browser.
Nothing here imports streamlit except `app.py`.
"""
