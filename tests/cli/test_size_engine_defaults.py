"""`size` says, under the engine it serves with, the batch limits that engine takes on the
plan's GPU when nobody sets them: vLLM's small tier on the L40S chat preset, its large one on
the default plan's H100s."""

from __future__ import annotations

import pytest

from aisle_desktop.cli.main import main


@pytest.mark.parametrize(
    ("preset", "line"),
    [
        (
            "llama-8b-chat",
            "Engine    256 requests at once, 2,048 tokens a step "
            "(its defaults on GPUs under 70 GiB and on A100)",
        ),
        (
            "llama-70b-rag",
            "Engine    1,024 requests at once, 8,192 tokens a step "
            "(its defaults on GPUs of 70 to 160 GiB)",
        ),
    ],
)
def test_the_engine_line_follows_the_serving_line(
    capsys: pytest.CaptureFixture[str], preset: str, line: str
) -> None:
    assert main(["size", "--preset", preset]) == 0
    lines = capsys.readouterr().out.splitlines()
    at = next(i for i, text in enumerate(lines) if text.startswith("Serving   "))
    assert lines[at + 1] == line
