"""The two orders ratings are read in, each defined once."""

from __future__ import annotations

from trustboard.core.assessment import (
    RAG_ATTENTION_ORDER,
    RAG_TOTALS_ORDER,
    Rag,
    attention_rank,
)
from trustboard.core.narrative import RAG_ORDER


def test_attention_puts_the_worst_first_and_green_last():
    assert RAG_ATTENTION_ORDER == (Rag.RED, Rag.AMBER, Rag.NOT_APPLICABLE, Rag.GREEN)
    assert sorted(Rag, key=attention_rank) == list(RAG_ATTENTION_ORDER)
    assert attention_rank(Rag.RED) == 0


def test_totals_read_red_to_green_then_the_unrated():
    assert RAG_TOTALS_ORDER == (Rag.RED, Rag.AMBER, Rag.GREEN, Rag.NOT_APPLICABLE)


def test_both_orders_hold_every_rating_once():
    assert sorted(RAG_ATTENTION_ORDER) == sorted(Rag) == sorted(RAG_TOTALS_ORDER)


def test_the_narrative_orders_bullets_by_attention():
    assert RAG_ORDER is RAG_ATTENTION_ORDER
