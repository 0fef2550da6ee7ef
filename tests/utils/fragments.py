"""Run a timer fragment in AppTest the way the browser's ``run_every`` does: only that fragment.

AppTest has no public call for this, so one run swaps in a script runner whose rerun request
names the fragment (``fragment_id_queue``, ``is_auto_rerun``), as the browser's timer request
does. The rest of the app does not run unless the fragment calls ``st.rerun(scope="app")``.
"""

from __future__ import annotations

from streamlit.runtime.scriptrunner_utils.script_requests import RerunData, ScriptRequests
from streamlit.testing.v1 import app_test
from streamlit.testing.v1.app_test import AppTest
from streamlit.testing.v1.element_tree import parse_tree_from_messages
from streamlit.testing.v1.local_script_runner import LocalScriptRunner, require_widgets_deltas


def run_timer_fragment(at: AppTest, key: str) -> AppTest:
    """Rerun only the fragment registered with ``@st.fragment(key=key)``."""
    fragment_ids = at._fragment_storage.resolve_target(key)

    class TimerRunner(LocalScriptRunner):
        def run(
            self, widget_state=None, query_params=None, timeout=3, page_hash="", context_info=None
        ):  # noqa: ANN001
            # Drop the full run the constructor queued; it would absorb the fragment request.
            self._requests = ScriptRequests()
            self.request_rerun(
                RerunData(
                    widget_states=widget_state,
                    page_script_hash=page_hash,
                    context_info=context_info,
                    fragment_id_queue=list(fragment_ids),
                    is_auto_rerun=True,
                )
            )
            try:
                if not self._script_thread:
                    self.start()
                require_widgets_deltas(self, timeout)
            finally:
                self.join()
            return parse_tree_from_messages(self.forward_msgs())

    original = app_test.LocalScriptRunner
    app_test.LocalScriptRunner = TimerRunner
    try:
        return at.run()
    finally:
        app_test.LocalScriptRunner = original
