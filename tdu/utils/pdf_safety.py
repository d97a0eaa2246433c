"""Is an uploaded PDF inert? A CV is opened by recruiters and advisers: it must carry no script, no action that
launches or submits anything, no attachment, no XFA form, and must not also be an HTML page (a polyglot)."""

import io
import re

from pypdf import PdfReader
from pypdf.errors import PdfReadError
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

ACTIVE_KEYS = {"/JS", "/JavaScript", "/EmbeddedFiles", "/EmbeddedFile", "/XFA", "/RichMedia"}
ACTIVE_ACTIONS = {"/JavaScript", "/Launch", "/ImportData", "/SubmitForm", "/RichMediaExecute", "/Rendition"}
HTML = re.compile(rb"<\s*(script|html|body|iframe|svg|object|embed)\b", re.IGNORECASE)
MAX_OBJECTS = 200_000  # a 5 MB file has far fewer: beyond, it is refused rather than walked forever


class UnsafePdf(Exception):
    pass


def check_inert(content: bytes) -> None:
    """Raises UnsafePdf (with a French message) unless `content` is a readable PDF without active content."""
    if not content.startswith(b"%PDF-"):
        raise UnsafePdf("Le CV doit être un fichier PDF.")
    if HTML.search(content):
        raise UnsafePdf("Ce PDF contient aussi une page web : enregistrez votre CV à nouveau en PDF.")
    try:
        reader = PdfReader(io.BytesIO(content), strict=False)
        _walk(reader.trailer)
    except UnsafePdf:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, RecursionError, OSError):
        raise UnsafePdf("Ce PDF est illisible : enregistrez votre CV à nouveau en PDF.") from None


def _walk(root):
    seen: set[tuple[int, int]] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, IndirectObject):
            key = (node.idnum, node.generation)
            if key in seen:
                continue
            seen.add(key)
            if len(seen) > MAX_OBJECTS:
                raise UnsafePdf("Ce PDF est trop complexe : enregistrez votre CV à nouveau en PDF.")
            node = node.get_object()
        if isinstance(node, DictionaryObject):
            if ACTIVE_KEYS & set(node.keys()) or node.get("/S") in ACTIVE_ACTIONS:
                raise UnsafePdf(
                    "Ce PDF contient du code ou des pièces jointes : enregistrez votre CV à nouveau en PDF "
                    "(« Imprimer » puis « Enregistrer au format PDF »)."
                )
            stack.extend(node.values())
        elif isinstance(node, ArrayObject):
            stack.extend(node)
