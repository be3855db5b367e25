"""Receipts are told by their content and refused before they cost memory."""

from __future__ import annotations

import pytest

from smart_activities.domain.receipts import InvalidReceipt, checked_receipt
from smart_devstack.receipt_files import executable, huge_png, image, oversized, pdf


def test_a_pdf_a_png_and_a_jpeg_are_receipts():
    assert checked_receipt(pdf()).pages == 1
    png = checked_receipt(image("PNG"))
    assert (png.media_type, png.width, png.height) == ("image/png", 600, 900)
    assert checked_receipt(image("JPEG")).media_type == "image/jpeg"


@pytest.mark.parametrize(
    ("data", "says"),
    [
        (executable(), "content is none"),
        (huge_png(), "pixels"),
        (oversized(), "at most 10 MB (11.0 MB sent)"),
        (b"%PDF-1.7\nnot really", "cannot be read"),
        (image("PNG")[:200], "cannot be decoded"),
        (b"", "empty"),
    ],
)
def test_what_is_not_a_receipt_is_refused_saying_why(data, says):
    with pytest.raises(InvalidReceipt, match=says.replace("(", r"\(").replace(")", r"\)")):
        checked_receipt(data)
