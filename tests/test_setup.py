"""What the extension's setup() declares: no build needed."""

from __future__ import annotations

from itertools import combinations
from unittest.mock import MagicMock

import onprobation_ext
from onprobation_ext.entities import FillEntityLists
from onprobation_ext.mentions import IndexMentions

FORMATS = ("html", "latex", "text", "man", "texinfo")


def registered() -> tuple[MagicMock, dict[str, object]]:
    app = MagicMock()
    return app, onprobation_ext.setup(app)


def test_env_version_is_declared() -> None:
    """Sphinx discards a cached environment (and doctrees) of another env_version."""
    _, metadata = registered()
    assert isinstance(metadata["env_version"], int) and metadata["env_version"] >= 1


def test_transform_order_does_not_depend_on_setup_order() -> None:
    """docutils runs transforms of equal priority in the order they were added,
    i.e. the order of the setup() calls: every two of ours that can run on the
    same document have distinct priorities."""
    app, _ = registered()
    transforms = [call.args[0] for call in app.add_transform.call_args_list]
    post = [call.args[0] for call in app.add_post_transform.call_args_list]
    assert len(transforms) >= 4 and len(post) >= 8
    for a, b in combinations(transforms, 2):
        assert a.default_priority != b.default_priority, (a, b)
    for a, b in combinations(post, 2):
        shared = set(a.formats or FORMATS) & set(b.formats or FORMATS)
        assert not shared or a.default_priority != b.default_priority, (a, b, shared)
    # the lists of all organisations are not mentions: indexed first, then filled,
    # both before Sphinx resolves references (10)
    assert IndexMentions.default_priority < FillEntityLists.default_priority < 10
