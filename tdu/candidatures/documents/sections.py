"""A frozen document's text as plain sections: the same words on the page (read before signing) and in the PDF.

Each document (the convention, the commitment) writes its content once as a list of `Section`; the candidature
page renders them as HTML, the PDF renderer turns them into reportlab flowables.
"""

from dataclasses import dataclass, field

from reportlab.platypus import Spacer

from tdu.utils.pdf import bullet, fields, markup, paragraph, section, text_block


@dataclass
class Section:
    title: str
    intro: str = ""  # a sentence before the details
    rows: list[tuple[str, str]] = field(default_factory=list)  # (label, value); empty values are left out
    texts: list[str] = field(default_factory=list)  # free text typed by a party (activities, risks…)
    bullets: list[str] = field(default_factory=list)
    outro: str = ""  # a sentence after the bullets
    schedule: list[tuple[str, str, str]] = field(default_factory=list)  # (day, hours, duration)

    @property
    def filled_rows(self):
        return [(label, value) for label, value in self.rows if value not in (None, "")]


def flowables(sections, *, schedule_table=None):
    """Sections → reportlab flowables; `schedule_table(section)` draws a section's schedule as a table."""
    story = []
    for part in sections:
        content = []
        if part.intro:
            content += [paragraph(markup(part.intro)), Spacer(1, 4)]
        if part.filled_rows:
            content.append(fields(part.filled_rows))
        if part.schedule and schedule_table is not None:
            content += [Spacer(1, 6), *schedule_table(part)]
        content += [text_block(text) for text in part.texts]
        if part.bullets:
            content += [Spacer(1, 3), *[bullet(markup(text)) for text in part.bullets]]
        if part.outro:
            content += [Spacer(1, 3), paragraph(markup(part.outro))]
        story += section(part.title, *content)
    return story
