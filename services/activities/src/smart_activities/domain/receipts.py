"""A receipt, checked at upload: a PDF, JPEG or PNG told by its content (never its name), of
bounded size; an image's dimensions are read from its header and refused before any pixel is
decoded (a small file can declare a picture of billions of pixels), then it is decoded whole;
a PDF must open and have pages."""

from __future__ import annotations

import hashlib
import io
import warnings
from dataclasses import dataclass

from PIL import Image, UnidentifiedImageError
from pypdf import PdfReader
from pypdf.errors import PdfReadError

MAX_BYTES = 10 * 1024 * 1024
MAX_SIDE = 12_000  # pixels: a phone's photo of a receipt is about 4,000
MAX_PIXELS = 50_000_000
SIGNATURES = {
    b"%PDF-": "application/pdf",
    b"\x89PNG\r\n\x1a\n": "image/png",
    b"\xff\xd8\xff": "image/jpeg",
}


class InvalidReceipt(ValueError):
    pass


@dataclass(frozen=True, slots=True)
class Receipt:
    media_type: str
    size: int
    sha256: str
    pages: int | None = None
    width: int | None = None
    height: int | None = None


def checked_receipt(data: bytes) -> Receipt:
    if len(data) > MAX_BYTES:
        raise InvalidReceipt(
            f"a receipt is at most {MAX_BYTES // (1024 * 1024)} MB "
            f"({len(data) / (1024 * 1024):.1f} MB sent)"
        )
    if not data:
        raise InvalidReceipt("the receipt is empty")
    media_type = next(
        (kind for signature, kind in SIGNATURES.items() if data.startswith(signature)), None
    )
    digest = hashlib.sha256(data).hexdigest()
    if media_type is None:
        raise InvalidReceipt("a receipt is a PDF, a JPEG or a PNG: this file's content is none")
    if media_type == "application/pdf":
        return Receipt(media_type, len(data), digest, pages=_pdf_pages(data))
    width, height = _image_size(data, media_type)
    return Receipt(media_type, len(data), digest, width=width, height=height)


def _pdf_pages(data: bytes) -> int:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            pages = len(PdfReader(io.BytesIO(data), strict=False).pages)
    except (PdfReadError, ValueError, KeyError, TypeError, OSError, RecursionError) as error:
        raise InvalidReceipt(f"the PDF cannot be read: {error}") from error
    if pages == 0:
        raise InvalidReceipt("the PDF has no page")
    return pages


def _image_size(data: bytes, media_type: str) -> tuple[int, int]:
    image_format = "PNG" if media_type == "image/png" else "JPEG"
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=(image_format,)) as image:
                width, height = image.size
                if width > MAX_SIDE or height > MAX_SIDE or width * height > MAX_PIXELS:
                    raise InvalidReceipt(
                        f"the image is {width} × {height} pixels: at most {MAX_SIDE} a side "
                        f"and {MAX_PIXELS // 1_000_000} million pixels"
                    )
                image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise InvalidReceipt(f"the image declares too many pixels: {error}") from error
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise InvalidReceipt(f"the image cannot be decoded: {error}") from error
    return width, height
