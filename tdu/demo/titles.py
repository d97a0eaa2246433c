"""Job titles derived from ROME labels: 'Conducteur / Conductrice de poids lourd' -> 'Conducteur de poids lourd H/F'."""


def short_form(label: str) -> str:
    """The first (masculine) form of a two-gender ROME label, with the shared complement.

    'Chef / Cheffe de rayon' -> 'Chef de rayon'; labels without ' / ' are returned unchanged, and so is
    any label whose shape is not understood.
    """
    if label.count(" / ") != 1:
        return label
    first, second = label.split(" / ")
    last = first.split()[-1].lower()
    words = second.split()
    prefix = last[: min(4, len(last))]
    for index, word in enumerate(words):
        if word.lower().startswith(prefix):
            return " ".join([first, *words[index + 1 :]])
    return label


def title_bases(label: str, appellations: list[str] = ()) -> list[str]:
    """Plausible offer titles for one ROME code, before any suffix ('confirmé·e'…)."""
    short = short_form(label)
    bases = [label, label, f"{short} H/F", f"{short} (H/F)"]
    bases.extend(a for a in appellations if a != label)
    return bases
