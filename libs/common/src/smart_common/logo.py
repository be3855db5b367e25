"""An activity's logo, checked at upload: a real PNG or JPEG of bounded size and dimensions,
stored re-encoded (what is kept is what was decoded, never the uploaded bytes).

A small compressed file can declare huge dimensions and expand to hundreds of megabytes when
rendered (invoices and quotes draw the logo): the dimensions are read from the header and
refused before any pixel is decoded.
"""

from __future__ import annotations

import io

from PIL import Image, UnidentifiedImageError

MAX_BYTES = 200_000
MAX_SIDE = 2000  # pixels: far more than an invoice header needs
FORMATS = {"PNG": "PNG", "JPEG": "JPEG"}


class InvalidLogo(ValueError):
    pass


def normalised_logo(data: bytes) -> bytes:
    """The logo decoded and encoded again in its format; raises :class:`InvalidLogo`."""
    if len(data) > MAX_BYTES:
        raise InvalidLogo(f"logo: at most {MAX_BYTES // 1000} kB ({len(data) // 1000} kB sent)")
    try:
        with Image.open(io.BytesIO(data), formats=tuple(FORMATS)) as image:
            width, height = image.size
            if width > MAX_SIDE or height > MAX_SIDE or width < 1 or height < 1:
                raise InvalidLogo(
                    f"logo: at most {MAX_SIDE}×{MAX_SIDE} pixels ({width}×{height} declared)"
                )
            image.load()
            kind = FORMATS[str(image.format)]
            decoded = image.convert("RGBA" if kind == "PNG" else "RGB")
    except InvalidLogo:
        raise
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError) as error:
        raise InvalidLogo(f"logo: not a readable PNG or JPEG image ({error})") from error
    encoded = io.BytesIO()
    decoded.save(encoded, format=kind, optimize=True)
    return encoded.getvalue()
