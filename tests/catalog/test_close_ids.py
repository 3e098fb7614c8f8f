"""An unknown id is answered with ids a planner would see as the one meant, or none.

Worked example (4 December): `gpu_id` "zz-gpu-9000" was answered 'did you mean
"rtx-pro-6000"?' (difflib's ratio 0.52 passed its 0.5 cut-off), and "fp4" as a model with
"phi-4". Now a suggestion is the same id in other case, the same family (one id the other
followed by a separator) or one or two characters apart (ratio at least 0.75); with none
close, a short table is listed and a long one is pointed to `catalog list`.
"""

from __future__ import annotations

import difflib

import pytest

from aisle_desktop.catalog import Catalog, UnknownIdError
from aisle_desktop.catalog.close_ids import CLOSE_RATIO, close_ids, unknown_id_message


def _refusal(catalog: Catalog, kind: str, wanted: str) -> str:
    look_up = {"GPU": catalog.gpu, "model": catalog.model, "server": catalog.server}
    look_up |= {"engine": catalog.engine, "precision": catalog.precision}
    look_up |= {"hosted API": catalog.hosted_api}
    with pytest.raises(UnknownIdError) as refused:
        look_up[kind](wanted)
    return str(refused.value)


def test_a_far_id_gets_no_suggestion_but_where_to_list_them(catalog: Catalog) -> None:
    assert difflib.SequenceMatcher(None, "zz-gpu-9000", "rtx-pro-6000").ratio() < CLOSE_RATIO
    assert _refusal(catalog, "GPU", "zz-gpu-9000") == (
        'unknown GPU id "zz-gpu-9000": no known id is close to it '
        f"(`aisle-desktop catalog list gpus` lists all {len(catalog.gpus)})"
    )
    assert _refusal(catalog, "model", "fp4") == (
        'unknown model id "fp4": no known id is close to it '
        f"(`aisle-desktop catalog list models` lists all {len(catalog.models)})"
    )
    apis = len(catalog.prices.hosted_apis)  # listed since `catalog list hosted-apis` exists
    assert _refusal(catalog, "hosted API", "nonexistent-api") == (
        'unknown hosted API id "nonexistent-api": no known id is close to it '
        f"(`aisle-desktop catalog list hosted-apis` lists all {apis})"
    )


def test_a_short_table_is_listed_whole(catalog: Catalog) -> None:
    assert _refusal(catalog, "precision", "zzzzzz") == (
        'unknown precision id "zzzzzz": known ids: ' + ", ".join(sorted(catalog.precisions))
    )


@pytest.mark.parametrize(
    ("kind", "wanted", "meant"),
    [
        ("GPU", "H100-SXM", ["h100-sxm"]),  # other case: that one only
        ("engine", "vLLM", ["vllm"]),
        ("GPU", "h100-sxn", ["h100-sxm", "h100-nvl", "h200-sxm"]),  # one character off
        ("GPU", "mi300", ["mi300x"]),
        ("GPU", "l40", ["l40s", "l4"]),
        ("GPU", "a100", ["a100-40gb-sxm", "a100-80gb-sxm", "a100-80gb-pcie", "a10"]),  # short
        ("GPU", "rtx-6000", ["rtx-6000-ada", "rtx-pro-6000"]),
        ("model", "gpt-oss", ["gpt-oss-20b", "gpt-oss-120b"]),  # not "gpt-j-6b" (0.53)
        ("model", "llama-3.1-70b-instruct", ["llama-3.1-70b"]),  # typed long
        ("server", "dgx-h10", ["dgx-h100", "dgx-h200"]),
        ("precision", "int3", ["int4", "int8"]),
    ],
)
def test_close_ids_are_suggested_likeliest_first(
    catalog: Catalog, kind: str, wanted: str, meant: list[str]
) -> None:
    tables = {"GPU": catalog.gpus, "model": catalog.models, "server": catalog.servers}
    tables |= {"engine": catalog.engines, "precision": catalog.precisions}
    assert close_ids(wanted, tables[kind].keys()) == meant
    quoted = ", ".join(f'"{each}"' for each in meant)
    refusal = _refusal(catalog, kind, wanted)
    assert refusal == f'unknown {kind} id "{wanted}": did you mean {quoted}?'


def test_a_large_family_is_cut_at_five_shortest_first() -> None:
    family = ["qwen3-8b", "qwen3-14b", "qwen3-32b", "qwen3.5-27b", "qwen3-30b-a3b"]
    family += ["qwen3-coder-480b"]
    assert close_ids("qwen3", family) == family[:5]
    assert close_ids("qwen", family) == []  # "qwen3" is not "qwen" and a separator


def test_a_broken_catalog_lists_every_id_it_holds() -> None:
    """A catalog that does not load cannot be listed by `catalog list`: its refusal names all."""
    known = [f"gpu-{n}" for n in range(20)]
    assert unknown_id_message("GPU", "zz", known, list_all=True) == (
        'unknown GPU id "zz": known ids: ' + ", ".join(sorted(known))
    )


def test_an_id_looked_up_in_an_empty_table_says_the_table_is_empty() -> None:
    """gpus.json emptied of its entries left every server refused with "known ids: " and
    nothing after it."""
    assert unknown_id_message("GPU", "a100-40gb-sxm", []) == (
        'unknown GPU id "a100-40gb-sxm": the catalog has no GPU at all'
    )
