"""Receipt files built for the tests: real PDF, PNG and JPEG files, and the bad ones a
receipt upload must refuse."""

from __future__ import annotations

import io
import struct
import zlib

from PIL import Image
from pypdf import PdfWriter


def pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def image(kind: str = "PNG", size: tuple[int, int] = (600, 900)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (240, 240, 230)).save(out, format=kind)
    return out.getvalue()


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def huge_png(side: int = 30_000) -> bytes:
    """A few hundred bytes declaring a ``side`` × ``side`` picture (a decompression bomb)."""
    header = struct.pack(">IIBBBBB", side, side, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", zlib.compress(b"\x00" * 1024))
        + _chunk(b"IEND", b"")
    )


def executable() -> bytes:
    """An ELF program (what a renamed ``.pdf`` may really be)."""
    return b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 56 + b"\x90" * 4096


def oversized() -> bytes:
    """A valid PDF padded past 10 MB (11 MB)."""
    return pdf() + b"%" + b"0" * (11 * 1024 * 1024)
