"""Why a landing file could not be read: one exception per kind of trouble.

`files.read_article_file` turns each into a rejection reason with its code,
so the decoders (`decode`, `pdf`) raise and only the reader catches.
"""

from __future__ import annotations

class UndecodableError(ValueError):
    """The bytes do not decode to plausible text in any encoding we trust."""


class BinaryContentError(UndecodableError):
    """The bytes are binary data (NUL bytes outside UTF-16/32), not text."""


class CorruptPdfError(ValueError):
    """pypdf could not parse the file as a PDF."""


class EncryptedPdfError(CorruptPdfError):
    """The PDF is encrypted and does not open with the empty password."""


class NoTextLayerError(ValueError):
    """The PDF parses but has no extractable text (e.g. a scan)."""
