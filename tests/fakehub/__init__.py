"""A local fake Hugging Face Hub for tests: the real huggingface_hub client and our engine use it.

Import it as ``fakehub`` (``tests/`` is on ``sys.path`` under pytest because of the
rootdir conftest); the ``fake_hub`` / ``fake_hub_factory`` fixtures come from
``fakehub.plugin``, registered in ``tests/conftest.py``.

Quick reference::

    def test_x(fake_hub, tmp_path):
        commit = fake_hub.add_repo("org/tiny", {"config.json": b"{}", "model.bin": big})
        hf_hub_download("org/tiny", "model.bin", endpoint=fake_hub.url, cache_dir=tmp_path)
        fake_hub.faults.set(Fault(drop_after=1000, times=1), path="model.bin")
        assert fake_hub.bytes_by_path["model.bin"] == len(big)
        assert not any("authorization" in r.headers for r in fake_hub.requests if r.server == "cdn")

See :class:`fakehub.server.FakeHub` for the routes, headers and fault switches.
"""

from fakehub.faults import HOSTILE, Fault, Faults
from fakehub.server import FakeHub, RecordedRequest, git_blob_sha1, xet_hash_of

__all__ = ["HOSTILE", "FakeHub", "Fault", "Faults", "RecordedRequest", "git_blob_sha1",
           "xet_hash_of"]
