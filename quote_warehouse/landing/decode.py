"""Bytes to text: BOMs, strict UTF-8/UTF-16, legacy codecs, plausibility.

No guessing that turns bytes into mojibake without saying so: a reading
that leaves many control characters is refused (`UndecodableError`).
"""

from __future__ import annotations

import codecs
import re

from quote_warehouse.landing.errors import BinaryContentError, UndecodableError

# --------------------------------------------------------------------------

_BOMS: tuple[tuple[bytes, str], ...] = (
    # UTF-32-LE before UTF-16-LE: FF FE 00 00 starts with FF FE.
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

TRUNCATED_SUFFIX = " (truncated tail dropped)"

# C0 controls other than \t \n \v \f \r, DEL, C1 controls, and U+FFFD.
# A few of them happen in real text (a stray ^Z at the end of a DOS file);
# many of them mean we decoded binary data or guessed the wrong codec.
_BAD_CHARS = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\ufffd]")

_CP1252_UNDEFINED = frozenset(b"\x81\x8d\x8f\x90\x9d")


def _normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _decode_strict(data: bytes, codec: str) -> tuple[str, str] | None:
    """Strict decode; tolerate only a multi-byte character cut at the very end.

    Returns (text, encoding label) or None. A file whose last character was
    cut in half (an interrupted download or copy) is otherwise fine; the
    incomplete bytes are dropped and the label says so, e.g.
    ``'utf-8 (truncated tail dropped)'``. Anything else invalid -> None.
    """
    try:
        return data.decode(codec), codec
    except UnicodeDecodeError as err:
        at_end = err.end == len(data) and err.reason in (
            "unexpected end of data",
            "truncated data",
        )
        if not at_end:
            return None
        try:
            return data[: err.start].decode(codec), codec + TRUNCATED_SUFFIX
        except UnicodeDecodeError:
            return None


def _bad_char_count(text: str) -> int:
    return len(_BAD_CHARS.findall(text))


def _too_many_bad_chars(text: str) -> bool:
    """More control characters than real text has (2, or 0.5% of the text)."""
    return _bad_char_count(text) > max(2, len(text) // 200)


def _implausible(text: str, label: str) -> None:
    """Raise when decoded ``text`` is not text a human wrote."""
    if "\x00" in text:
        raise BinaryContentError(
            f"decodes as {label} but contains {text.count(chr(0))} NUL characters"
        )
    if _too_many_bad_chars(text):
        bad = _bad_char_count(text)
        raise UndecodableError(
            f"decodes as {label} but {bad} of {len(text)} characters are "
            "control characters: not text"
        )


def _utf16_without_bom(data: bytes) -> str | None:
    """'utf-16-le' / 'utf-16-be' when the NUL bytes follow a UTF-16 pattern.

    Text in UTF-16 has the high byte 0x00 for every ASCII character (spaces,
    digits, punctuation, Latin letters), so NULs cluster on odd positions
    (little endian) or even positions (big endian), and the other positions
    almost never hold a NUL. Binary data has NULs everywhere. And the high
    bytes of real text take very few values (0x00 for Latin, 0x04 for
    Cyrillic, 0x20 for curly quotes and dashes), whereas garbage spreads
    over many. Fewer than 8 characters are too little evidence: binary.
    """
    if len(data) < 16:
        return None
    even = data[0::2]
    odd = data[1::2]
    half = len(data) // 2
    even_nul, odd_nul = even.count(0), odd.count(0)
    if odd_nul >= 0.1 * half and even_nul <= 0.01 * half:
        codec, high = "utf-16-le", odd
    elif even_nul >= 0.1 * half and odd_nul <= 0.01 * half:
        codec, high = "utf-16-be", even
    else:
        return None
    counts = sorted((high.count(value) for value in set(high)), reverse=True)
    if sum(counts[:3]) < 0.9 * len(high):
        return None
    return codec


def _looks_non_western(text: str) -> bool:
    """True when a cp1252 reading is probably the wrong single-byte codec.

    Western European text is mostly ASCII letters (French, German, Spanish:
    under 10% accented). Russian in cp1251 or koi8-r read as cp1252 gives
    words made only of accented letters ("Ïðåäñòàâèòåëü"): then we ask
    charset-normalizer instead of trusting cp1252.
    """
    sample = text[:200_000]
    letters = [c for c in sample if c.isalpha()]
    if len(letters) < 20:
        return False
    non_ascii = sum(1 for c in letters if ord(c) > 127)
    return non_ascii / len(letters) > 0.4


def _charset_normalizer_guess(data: bytes) -> tuple[str, str] | None:
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        return None
    return str(best), str(best.encoding)


def decode_text(data: bytes) -> tuple[str, str]:
    """Decode raw bytes to ``(text, encoding)`` without silent damage.

    Order, and why:

    1. A byte-order mark is authoritative (``utf-32``, ``utf-8-sig``,
       ``utf-16``; the label is a Python codec that strips the BOM, so
       ``data.decode(encoding)`` reproduces the text).
    2. Strict UTF-8, the encoding of nearly all our sources. Rejected if it
       contains NULs (UTF-16 ASCII text is also valid UTF-8).
    3. UTF-16 without BOM, recognised by the position of its NUL bytes
       (``utf-16-le`` / ``utf-16-be``). Other data with NULs is binary
       (:class:`BinaryContentError`).
    4. cp1252 if every byte is defined in it and the text is plausible
       (few control characters). cp1252 is a superset of latin-1's
       printable range, so a Latin-1 file is reported as ``cp1252`` with the
       same text. If the bytes use 0x81, 0x8D, 0x8F, 0x90 or 0x9D (undefined
       in cp1252) we fall back to ``latin-1``.
    5. charset-normalizer as the last resort, and also when the cp1252
       reading looks like another single-byte codec (Cyrillic cp1251, ...).

    Truncated multi-byte tail: a UTF-8 (or BOM-marked UTF) file whose last
    character is cut in half is ACCEPTED, the incomplete bytes dropped, and
    the encoding reported as ``'utf-8 (truncated tail dropped)'``. Rationale:
    the text that is there is intact and the damage is recorded where it can
    be queried (``raw_files.encoding``), whereas rejecting would throw away
    a whole article for one character. Replacement characters are never
    inserted. For the un-marked case we require at least one complete
    multi-byte UTF-8 character before the cut as evidence that the file is
    UTF-8; ``b"caf\\xe9"`` is cp1252 "café", not UTF-8 with a cut tail.

    Newlines are normalised to ``\\n`` (from ``\\r\\n`` and ``\\r``); nothing
    else is altered: no Unicode normalisation, curly quotes kept.

    Raises :class:`UndecodableError` (or its subclass
    :class:`BinaryContentError`) when no reading gives plausible text.
    """
    # 1. byte-order marks
    for bom, codec in _BOMS:
        if data.startswith(bom):
            decoded = _decode_strict(data, codec)
            if decoded is None:
                raise UndecodableError(
                    f"starts with a {codec} byte-order mark but is not valid {codec}"
                )
            text, label = decoded
            _implausible(text, label)
            return _normalise_newlines(text), label

    has_nul = b"\x00" in data

    # 2. strict UTF-8
    if not has_nul:
        decoded = _decode_strict(data, "utf-8")
        if decoded is not None:
            text, label = decoded
            truncated = label != "utf-8"
            if not truncated or any(ord(c) > 127 for c in text):
                _implausible(text, label)
                return _normalise_newlines(text), label

    # 3. UTF-16 without BOM, else NULs mean binary
    if has_nul:
        codec = _utf16_without_bom(data)
        if codec is not None:
            decoded = _decode_strict(data, codec)
            if decoded is not None:
                text, label = decoded
                _implausible(text, label)
                return _normalise_newlines(text), label
        raise BinaryContentError(
            f"{data.count(0)} NUL bytes and no UTF-16 pattern: binary data, not text"
        )

    # 4. cp1252, or latin-1 for the five bytes cp1252 leaves undefined
    codec = "latin-1" if _CP1252_UNDEFINED.intersection(data) else "cp1252"
    single = data.decode(codec)  # cannot fail for these inputs
    single_ok = not _too_many_bad_chars(single)
    if single_ok and not _looks_non_western(single):
        return _normalise_newlines(single), codec

    # 5. charset-normalizer
    guess = _charset_normalizer_guess(data)
    if guess is not None:
        text, label = guess
        if "\x00" not in text and not _too_many_bad_chars(text):
            return _normalise_newlines(text), label
    if single_ok:
        return _normalise_newlines(single), codec
    bad = _bad_char_count(single)
    raise UndecodableError(
        f"not valid UTF-8 or UTF-16; as {codec} {bad} of {len(single)} characters "
        "are control characters, and charset-normalizer found no better reading"
    )
