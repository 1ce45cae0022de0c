"""The text layer of a PDF (pypdf): pages joined, scans and encrypted files refused."""

from __future__ import annotations

import io

from quote_warehouse.landing.decode import _normalise_newlines
from quote_warehouse.landing.errors import CorruptPdfError, EncryptedPdfError, NoTextLayerError

# --------------------------------------------------------------------------


def pdf_to_text(data: bytes) -> str:
    """Text layer of a PDF: pages' text joined with a blank line between pages.

    Pages without text are skipped (they would only add empty lines).
    Newlines are normalised to ``\\n``. Raises :class:`NoTextLayerError` when
    there is no text at all (a scan), :class:`EncryptedPdfError` when the
    PDF does not open with the empty password, and :class:`CorruptPdfError`
    for anything pypdf cannot parse. pypdf raises a zoo of exception types
    on malformed input (PdfReadError, but also KeyError, ValueError,
    zlib.error, ...), so every exception from it counts as corrupt.
    """
    from pypdf import PdfReader

    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            try:
                opened = reader.decrypt("")
            except Exception as err:  # noqa: BLE001 - e.g. missing AES backend
                raise EncryptedPdfError(f"PDF is encrypted: {err}") from err
            if not opened:
                raise EncryptedPdfError("PDF is encrypted and needs a password")
        pages = list(reader.pages)
        if not pages:
            raise CorruptPdfError("PDF has no pages")
        texts = []
        for page in pages:
            text = _normalise_newlines(page.extract_text() or "")
            if text.strip():
                texts.append(text)
    except CorruptPdfError:
        raise
    except Exception as err:  # noqa: BLE001 - see docstring
        message = str(err) or type(err).__name__
        raise CorruptPdfError(f"{type(err).__name__}: {message}") from err
    text = "\n\n".join(texts)
    if not text.strip():
        raise NoTextLayerError("PDF has no text layer (scanned image?)")
    return text
