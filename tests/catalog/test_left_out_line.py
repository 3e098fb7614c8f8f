"""The status bar's line for the user's catalog entries left out names them and counts their
problems a line each, as the Notes tab lists them (walk: "1 problem" for one model with two
bad fields)."""

from __future__ import annotations

from aisle_desktop.catalog import left_out_line


def test_what_was_left_out_is_named_and_its_problems_counted() -> None:
    two_fields = (
        '/u/models.json: entry 1 (id "my-70b"): field num_layers: is required but missing\n'
        '/u/models.json: entry 1 (id "my-70b"): field hidden_size: must be at least 1, got -5;'
        " this entry was left out"
    )
    assert left_out_line([two_fields]) == (
        "Left out of your own catalog: model “my-70b” (2 problems; see Notes)"
    )
    whole_file = "/u/gpus.json: not JSON at line 3; the whole file was left out"
    server = '/u/servers.json: entry 2 (id "dgx"): GPU "q" unknown; this entry was left out'
    assert left_out_line([whole_file, server]) == (
        "Left out of your own catalog: the file gpus.json and server “dgx” (2 problems; see Notes)"
    )
    folder = "/u/aisle: is not a folder; your own entries were all left out"
    assert left_out_line([folder]) == (
        "Left out of your own catalog: all your own entries (1 problem; see Notes)"
    )


def test_many_things_left_out_are_counted_by_kind() -> None:
    many = [
        f'/u/models.json: entry {i} (id "m{i}"): bad; this entry was left out' for i in range(3)
    ]
    many.append("/u/parts.json: entry 7: bad; this entry was left out")
    assert left_out_line(many) == (
        "Left out of your own catalog: 3 models, 1 part (4 problems; see Notes)"
    )
