"""A badge's QR code as a PNG for tests that show it to a camera or a decoder: the very
modules the badges draw (forum.badges.qr_matrix), a pixel a module, quiet zone included."""

import io

from forum.badges import QUIET_ZONE, qr_matrix


def qr_png(code):
    from PIL import Image

    matrix = qr_matrix(code)
    side = len(matrix) + 2 * QUIET_ZONE
    image = Image.new("L", (side, side), 255)
    for y, row in enumerate(matrix):
        for x, dark in enumerate(row):
            if dark:
                image.putpixel((x + QUIET_ZONE, y + QUIET_ZONE), 0)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()
