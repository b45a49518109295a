"""QR codes as inline SVG, drawn here: the secret never leaves the server."""

import qrcode
import qrcode.image.svg


def qr_svg(text: str) -> str:
    """Return an `<svg>` element encoding `text`, for embedding in a page."""
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=10)
    return image.to_string(encoding="unicode")
