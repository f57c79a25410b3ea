"""`api.state.ApiState` shutting down while who-handles' index is still being opened in the
background: the server stops (or a test ends) a moment after it started, and the store must not
be closed under the thread that reads it — in SQLite that is a crash of the whole interpreter."""
from __future__ import annotations

import logging
import threading

import pytest
from test_api_common import l05_store

from api.state import ApiState


def _index_threads(before: set[threading.Thread]) -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "dutygraph-index" and t not in before]


@pytest.fixture
def quiet_log(caplog):
    caplog.set_level(logging.WARNING, logger="dutygraph.api")
    return caplog


def test_closing_right_after_start_waits_for_the_index_build(tmp_path, quiet_log) -> None:
    """warm() then close() at once, as a server stopped a moment after start: close returns only
    once the background build is over, and that build ends without an error."""
    before = set(threading.enumerate())
    state = ApiState(l05_store(tmp_path), None, 1 << 20, owns_store=True)
    state.warm()
    state.close()
    assert not [t for t in _index_threads(before) if t.is_alive()]
    assert not quiet_log.records, [r.getMessage() for r in quiet_log.records]


def test_a_build_still_waiting_for_the_lock_does_not_read_a_closed_store(tmp_path, quiet_log) -> None:
    """The build has started but waits behind a write (an upload) when the server is stopped:
    it must give up rather than read the store close() is closing."""
    before = set(threading.enumerate())
    state = ApiState(l05_store(tmp_path), None, 1 << 20, owns_store=True)
    with state.lock.write():   # an upload in progress
        state.warm()
        closer = threading.Thread(target=state.close)
        closer.start()
        closer.join(0.5)       # close() waits for the upload to finish before it closes the store
    closer.join(30)
    assert not closer.is_alive()
    for thread in _index_threads(before):
        thread.join(30)
        assert not thread.is_alive()
    assert not quiet_log.records, [r.getMessage() for r in quiet_log.records]
    assert not state.ready   # it gave up: nothing was opened from a closed store


def test_a_store_the_caller_owns_is_free_to_close_once_the_state_is_closed(tmp_path, quiet_log) -> None:
    """create_app(store=...) leaves the store open; the caller closes it after the app's shutdown,
    and by then no background thread may still be reading it."""
    before = set(threading.enumerate())
    store = l05_store(tmp_path)
    state = ApiState(store, None, 1 << 20, owns_store=False)
    state.warm()
    state.close()
    assert not [t for t in _index_threads(before) if t.is_alive()]
    assert store.count_nodes() > 0   # the caller's store is still open and whole
    store.close()
    assert not quiet_log.records, [r.getMessage() for r in quiet_log.records]


def test_no_build_starts_after_close(tmp_path) -> None:
    """A write noticed during shutdown (after_write → warm) must not start a new build."""
    before = set(threading.enumerate())
    state = ApiState(l05_store(tmp_path), None, 1 << 20, owns_store=False)
    state.close()
    state.warm()
    assert not _index_threads(before)
    state.store.close()
