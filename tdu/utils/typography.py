"""French typography on the HTML a person reads: no line break between a word and the « : ; ! ? » after it.

The templates are written with ordinary spaces (readable source, testable strings); the HTML response gets a
no-break space before « : » and inside « », a narrow no-break space before « ; ! ? ». Only text between tags is
touched, never inside tags (URLs, attributes) nor in <script>, <style>, <textarea>, <pre> or <code>.
"""

import re

NBSP = "\u00a0"
NNBSP = "\u202f"  # narrow no-break space

_TAG = re.compile(r"(<[^>]*>)")
_RAW_OPEN = re.compile(r"<(script|style|textarea|pre|code)\b", re.IGNORECASE)
_BEFORE_COLON = re.compile(r" :(?=\s|<|$)")
_BEFORE_MARK = re.compile(r" ([;!?])(?=\s|<|$|&)")
_AFTER_OPENING_QUOTE = re.compile(r"« ")
_BEFORE_CLOSING_QUOTE = re.compile(r" »")


def french_text(text: str) -> str:
    text = _BEFORE_COLON.sub(NBSP + ":", text)
    text = _BEFORE_MARK.sub(NNBSP + r"\1", text)
    text = _AFTER_OPENING_QUOTE.sub("«" + NBSP, text)
    return _BEFORE_CLOSING_QUOTE.sub(NBSP + "»", text)


def french_html(page: str) -> str:
    parts = _TAG.split(page)
    raw_until = None  # inside <script>…</script> and the like: left as it is
    for index, part in enumerate(parts):
        if index % 2:  # a tag
            if raw_until is None:
                opening = _RAW_OPEN.match(part)
                if opening and not part.endswith("/>"):
                    raw_until = f"</{opening.group(1).lower()}"
            elif part.lower().startswith(raw_until):
                raw_until = None
        elif raw_until is None and part and (" " in part):
            parts[index] = french_text(part)
    return "".join(parts)
