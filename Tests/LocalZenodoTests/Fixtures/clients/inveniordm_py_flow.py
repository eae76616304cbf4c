"""The first flow of inveniordm-py (CERN's InvenioRDM client, its README's example) against a
server: create a draft, register a file by key only, send its content, commit, publish.
Usage: INVENIORDM_TOKEN=... python inveniordm_py_flow.py API_URL (the token in the environment,
never on a command line). Prints one line per step; exits non-zero on the first failure, with
the server's answer."""
import io
import os
import sys

from inveniordm_py.client import InvenioAPI
from inveniordm_py.files.metadata import FilesListMetadata, OutgoingStream
from inveniordm_py.records.metadata import DraftMetadata

api, token = sys.argv[1], os.environ["INVENIORDM_TOKEN"]
client = InvenioAPI(api, token)
data = {
    "metadata": {
        "resource_type": {"id": "dataset"},
        "title": "Sent by inveniordm-py",
        "publication_date": "2026-12-05",
        "creators": [{"person_or_org": {"type": "personal", "family_name": "Doe", "given_name": "Jane"}}],
    },
    "access": {"record": "public", "files": "public"},
    "files": {"enabled": True},
}
try:
    draft = client.records.create(data=DraftMetadata(**data))
    print("created", draft.data._data["id"])
    draft.files.create(FilesListMetadata([{"key": "hello.txt"}]))
    print("initialised hello.txt")
    # 0.1.1's `set_contents` wants an OutgoingStream whose data is the stream itself (its keyword
    # constructor would wrap it in a dict, which requests sends as a form).
    stream = OutgoingStream()
    stream._data = io.BytesIO(b"hello world\n")
    draft.files("hello.txt").set_contents(stream)
    print("sent hello.txt")
    committed = draft.files("hello.txt").commit()
    print("committed", committed.data._data.get("status"), committed.data._data.get("checksum"))
    record = draft.publish()
    print("published", record.data._data["id"], record.data._data.get("status"))
except Exception as error:  # the server's answer, for the test's message
    response = getattr(error, "response", None)
    print("FAILED", error, response.text if response is not None else "", file=sys.stderr)
    sys.exit(1)
