"""Any interleaving of study and sync on two devices ends the same on both once they sync
both ways (a property test, kept small: each example studies a few cards)."""

from __future__ import annotations

import contextlib
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quizdeck.errors import StoreError
from quizdeck.model import Mode, Rating
from sync_devices import Device, cards

#: One step: (device, what, card, rating, minutes the device's clock moves first).
Step = tuple[int, str, int, int, int]
steps = st.lists(
    st.tuples(
        st.integers(0, 1),
        st.sampled_from(["answer", "answer", "practice", "take back", "amend", "sync"]),
        st.integers(0, 3),
        st.integers(1, 4),
        st.sampled_from([0, 1, 30, 60 * 24, 60 * 24 * 4]),
    ),
    max_size=10,
)


@settings(max_examples=12, suppress_health_check=[HealthCheck.too_slow])
@given(steps)
def test_random_interleavings_of_study_and_sync_agree(plan: list[Step]) -> None:
    deck = cards()
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        shared = root / "shared"
        shared.mkdir()
        made = [Device(root / "a"), Device(root / "b")]
        with made[0].store() as store:
            student = store.identity()
        made[0].sync(shared)
        made[1].sync(shared, join=student)
        last: list[int | None] = [None, None]
        for who, what, card, rating, minutes in plan:
            device = made[who]
            device.tick(minutes)
            if what == "sync":
                device.sync(shared)
            elif what in ("answer", "practice"):
                mode = Mode.START if what == "answer" else Mode.PRACTICE
                last[who] = device.answer(deck[card], Rating(rating), mode=mode)
            elif last[who] is not None:
                review = last[who]
                assert review is not None
                if what == "take back":
                    device.take_back(review)
                    last[who] = None
                else:
                    with contextlib.suppress(StoreError):  # not the latest after a sync
                        device.amend(review, Rating(rating))
        for _ in range(2):
            for device in made:
                device.sync(shared)
        later = max(device.clock for device in made)
        first, second = (device.views(later) for device in made)
        assert first == second
