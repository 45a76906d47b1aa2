"""QR codes as inline SVG, so a phone camera opens the join page (no image file, no network)."""

from __future__ import annotations

import io

import segno
from django import template
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.filter
def qr_svg(url: str, title: str = "") -> SafeString:
    """An SVG QR code of `url`; `title` names it for screen readers."""
    buffer = io.BytesIO()
    segno.make(url, error="m").save(
        buffer,
        kind="svg",
        xmldecl=False,
        svgns=True,
        scale=4,
        border=2,
        omitsize=True,
        dark="#1d2433",
        title=str(title) or None,  # segno escapes it: escaping it here too showed &#x27; to screen readers
        svgclass="qr",
        lineclass="qrline",
    )
    # segno writes only elements and attributes (no script, no style attribute): safe under the CSP.
    return mark_safe(buffer.getvalue().decode())
