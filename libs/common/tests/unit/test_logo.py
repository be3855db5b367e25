import io
import struct
import zlib

import pytest
from PIL import Image

from smart_common.logo import InvalidLogo, normalised_logo


def _png(width: int, height: int) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (200, 30, 30)).save(buffer, format="PNG")
    return buffer.getvalue()


def _bomb(width: int, height: int) -> bytes:
    """A tiny PNG whose header declares huge dimensions (all-zero rows compress to nothing)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    rows = zlib.compress(b"\x00" * ((width // 8 + 1) * min(height, 64)), 9)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", rows) + chunk(b"IEND", b"")
    )


def test_a_logo_is_decoded_and_stored_re_encoded():
    original = _png(120, 40) + b"trailing bytes a renderer might trip on"
    stored = normalised_logo(original)
    assert stored != original and stored.startswith(b"\x89PNG")
    assert Image.open(io.BytesIO(stored)).size == (120, 40)


def test_a_decompression_bomb_and_non_images_are_refused():
    bomb = _bomb(100_000, 100_000)
    assert len(bomb) < 1000
    with pytest.raises(InvalidLogo, match="pixels"):
        normalised_logo(bomb)
    for junk in (b"\x89PNG not really", b"GIF89a" + b"\x00" * 20, b"<svg/>"):
        with pytest.raises(InvalidLogo, match="not a readable"):
            normalised_logo(junk)
    with pytest.raises(InvalidLogo, match="kB"):
        normalised_logo(b"\x89PNG" + b"\x00" * 300_000)
