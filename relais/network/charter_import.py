"""Read a charter written as plain text or Markdown into a title and sections.

The relais sociaux charters come from word processors and PDF exports: lines broken in the
middle of sentences, page-break markers, bullets of every shape, a signature form and a list of
signatories at the end. ``parse_charter`` turns such a text into the title, the sections
(``{"title", "body", "commitment"}``, ready for ``services.charter_version_create``) and the
general assembly's approval date when the text states one. It reads, it never writes.

A section is a *commitment* (a principle that each signatory accepts) when it comes after the
charter's engagement sentence ("Nous, partenaires du Relais social…, nous nous engageons à
respecter les principes suivants :"), when it is an article ("Article 2 : …"), or when it says
"nous nous engageons" itself; headings with no text of their own, the adhesion and amendment
notes and the list of signatories never are.
"""

import re
from dataclasses import dataclass, field
from datetime import date


class CharterParseError(ValueError):
    """The text cannot be read as a charter."""


@dataclass(frozen=True)
class ParsedCharter:
    title: str
    sections: list[dict]
    approved_on: date | None = None

    def commitments(self) -> list[dict]:
        return [section for section in self.sections if section["commitment"]]


PREAMBLE = "Préambule"
ADHESION = "Adhésion à la charte"
SIGNATORIES = "Signataires"

_BOOKMARK = re.compile(r"\[bookmark:[^\]]*\]", re.IGNORECASE)
_BULLET = re.compile(r"^(?:(?:[-*+•▪■◦·–—▶►→➢✓]|o|\.)(?=\s)\s*)+")
_EMPHASIS = re.compile(r"\*\*|__|(?<!\w)\*(?=\S)|(?<=\S)\*(?!\w)")
_MARKDOWN_HEADING = re.compile(r"^#{1,6}\s+(?P<title>.+?)\s*#*$")
_ARTICLE = re.compile(
    r"^(?P<label>(?:Article|Art\.)\s+(?:\d+|[IVX]+|premier|1er))\b\s*[:.–—-]?\s*(?P<title>.*)$",
    re.IGNORECASE,
)
_NUMBERED = re.compile(r"^(?:\d{1,2}|[IVX]{1,5})\s*(?:\.|\s[–—-])\s+(?P<title>\S.*)$")
_POINT_OF_VIEW = re.compile(r"^(?:Du|D'un)\s+point\s+de\s+vue\b", re.IGNORECASE)
_ENGAGEMENT = re.compile(r"^nous\s*,[^.]*\bengage", re.IGNORECASE)
_ENGAGES = re.compile(r"\bnous\s+(?:nous\s+)?engageons\b", re.IGNORECASE)
_ENGAGEMENTS_TITLE = re.compile(r"\bengagements?\b", re.IGNORECASE)
_SIGNATORIES = re.compile(
    r"^(?:(?:les\s+)?(?:partenaires\s+|organisations\s+|membres\s+)?signataires\b|liste\s+des\s+signataires)",
    re.IGNORECASE,
)
_CLOSING = re.compile(
    r"^(?:tout(?:e)?\s+(?:service|partenaire|organisme|institution|organisation|structure)\b"
    r"[^.]*\bqui\s+le\s+souhaite"
    r"|il\s+est\s+(?:aussi|également)\s+possible\s+de\s+devenir"
    r"|pour\s+(?:ces|toute)s?\s+démarches?\s+d'adhésion"
    r"|moyennant\s+l'accord"
    r"|approuvée?s?\s+(?:à|par|lors\s+de|en)\s+l'assemblée\s+générale)",
    re.IGNORECASE,
)
_FORM = re.compile(
    r"^(?:nom\s+du\s+service|nom\(s\)|noms?\s*,\s*fonctions?|pour\s+l'institution|date\s*:"
    r"|signatures?\s*:?$)",
    re.IGNORECASE,
)
_FILLER = re.compile(r"^[\s.…_/:-]*$")
_APPROVAL = re.compile(
    r"approuvée?s?\s+(?:à|par|lors\s+de|en)\s+l'assemblée\s+générale\s+(?:du|le)\s+"
    r"(?P<date>\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*\d{2,4}|(?:1er|\d{1,2})\s+\w+\s+\d{4})",
    re.IGNORECASE,
)
# fmt: off
_MONTHS = [
    "janvier", "février", "mars", "avril", "mai", "juin",
    "juillet", "août", "septembre", "octobre", "novembre", "décembre",
]
# A line broken after one of these words goes on on the next line.
_CONNECTORS = frozenset([
    "à", "au", "aux", "avec", "d'", "dans", "de", "des", "du", "en", "et", "l'", "la", "le",
    "les", "ni", "ou", "par", "pour", "que", "qui", "sans", "sur", "un", "une",
])
# fmt: on
_SENTENCE_END = ".;:!?…"
_TITLE_MAX = 80


@dataclass
class _Line:
    text: str
    blank_before: bool
    bullet: bool = False
    heading: bool = False


@dataclass
class _Section:
    title: str
    in_zone: bool
    kind: str = "text"  # text, closing or signatories
    lines: list[str] = field(default_factory=list)
    article: bool = False


def parse_charter(text: str) -> ParsedCharter:
    """Read a charter; raise CharterParseError when there is no title or no section."""
    lines = _logical_lines(text)
    if not lines:
        raise CharterParseError("Le texte est vide.")
    title, lines = _take_title(lines)
    sections = _sections(lines)
    if not sections:
        raise CharterParseError("Aucune section n'a été trouvée après le titre.")
    return ParsedCharter(title=title, sections=sections, approved_on=_approval_date(text))


def _clean(raw: str) -> str:
    text = _BOOKMARK.sub("", raw).replace("\u00a0", " ").replace("’", "'").replace("‘", "'")
    return re.sub(r"\s+", " ", text).strip()


def _logical_lines(text: str) -> list[_Line]:
    """Clean every line and join the lines that were broken in the middle of a sentence."""
    result: list[_Line] = []
    blank = False
    for raw in text.splitlines():
        line = _clean(raw)
        if _FILLER.match(line):
            blank = True
            continue
        bullet = bool(_BULLET.match(line))
        if bullet:
            line = _BULLET.sub("", line)
        line = re.sub(r"\s+", " ", _EMPHASIS.sub("", line)).strip()
        line = re.sub(r"(?<=\w)- (?=[A-ZÀ-Ý])", "-", line)  # "Mons- Borinage"
        if not line:
            continue
        markdown = _MARKDOWN_HEADING.match(line)
        if markdown:
            result.append(_Line(markdown["title"], blank_before=True, heading=True))
        elif result and not bullet and _continues(result[-1], line):
            previous = result[-1]
            glue = "" if re.search(r"\w-$", previous.text) else " "
            previous.text = f"{previous.text}{glue}{line}"
        else:
            result.append(_Line(line, blank_before=blank or not result, bullet=bullet))
        blank = False
    return result


def _continues(previous: _Line, line: str) -> bool:
    """Whether a line goes on with the previous one (a sentence broken by the export)."""
    if previous.heading or _explicit_heading(line):
        return False
    if re.search(r"\w-$", previous.text) or previous.text.endswith(","):
        return True
    last_word = previous.text.rsplit(" ", 1)[-1].lower()
    if last_word in _CONNECTORS or last_word.endswith(("d'", "l'")):
        return True
    return line[0].islower() and previous.text[-1] not in _SENTENCE_END


def _take_title(lines: list[_Line]) -> tuple[str, list[_Line]]:
    """The first line, joined with the next ones while it is only "Charte" or "Charte du"."""
    title, rest = lines[0].text, lines[1:]
    while rest and (len(title.split()) < 2 or title.split()[-1].lower() in _CONNECTORS):
        title, rest = f"{title} {rest[0].text}", rest[1:]
    title = title.strip(" :")
    if len(title) > 250 or title[-1] in ".;!?":
        raise CharterParseError(
            "Le texte ne commence pas par un titre (par exemple « Charte du Relais social … »)."
        )
    return title, rest


def _explicit_heading(line: str) -> str | None:
    """The title of a Markdown, numbered, roman or article heading, or None."""
    article = _ARTICLE.match(line)
    if article:
        label = re.sub(r"\s+", " ", article["label"]).capitalize()
        rest = article["title"].rstrip(" .")
        return f"{label} : {rest}" if rest else label
    numbered = _NUMBERED.match(line)
    if numbered and len(line) <= 120 and line[-1] not in ".;,":
        return numbered["title"].rstrip(" :")
    return None


def _title_like(line: _Line, following: _Line | None) -> bool:
    """A short line of its own, with no final punctuation, that something follows. Lines
    right under it (no blank line between) belong to its text: "Avant-propos – X / Adjoint
    au maire"."""
    text = line.text
    return (
        following is not None
        and line.blank_before
        and not line.bullet
        and len(text) <= _TITLE_MAX
        and (text[0].isupper() or text[0] in '«"')
        and text[-1] not in _SENTENCE_END + ","
    )


def _sections(lines: list[_Line]) -> list[dict]:
    sections: list[_Section] = []
    in_zone = False

    def start(title: str, kind: str = "text", article: bool = False) -> _Section:
        section = _Section(title=title, in_zone=in_zone, kind=kind, article=article)
        sections.append(section)
        return section

    current: _Section | None = None
    for index, line in enumerate(lines):
        text = line.text
        following = lines[index + 1] if index + 1 < len(lines) else None
        if _FORM.match(text):
            continue
        if _SIGNATORIES.match(text) and not line.bullet:
            current = start(SIGNATORIES, kind="signatories")
            continue
        if _CLOSING.match(text):
            if current is None or current.kind != "closing":
                current = start(ADHESION, kind="closing")
            current.lines.append(text)
            continue
        if current is not None and current.kind == "signatories":
            if line.blank_before or not current.lines:
                current.lines.append(text)
            else:
                current.lines[-1] = f"{current.lines[-1]} {text}"
            continue
        if current is not None and current.kind == "closing":
            current.lines.append(text)
            continue

        heading = _heading(line, following)
        if heading is not None:
            title, intro = heading
            current = start(title, article=bool(_ARTICLE.match(text)))
            if intro:
                current.lines.append(intro)
            continue
        if current is None:
            current = start(PREAMBLE)
        current.lines.append(f"- {text}" if line.bullet else text)
        if _ENGAGEMENT.match(text):
            in_zone = True
    return [_as_dict(section) for section in sections if section.lines or section.kind == "text"]


def _heading(line: _Line, following: _Line | None) -> tuple[str, str] | None:
    """(title, intro line) when the line is a heading, else None."""
    if line.bullet:
        return None
    if line.heading:
        return _explicit_heading(line.text) or line.text, ""
    explicit = _explicit_heading(line.text)
    if explicit:
        return explicit, ""
    text = line.text
    if _POINT_OF_VIEW.match(text) and len(text) <= 120:
        title, rest = re.match(r"([^,:]*)[,:]?\s*(.*)", text).groups()
        return title.strip(), rest[:1].upper() + rest[1:]
    if _title_like(line, following):
        return text, ""
    return None


def _as_dict(section: _Section) -> dict:
    body_lines = section.lines
    if section.kind == "signatories":
        body_lines = [f"- {name}" for name in body_lines]
    # A heading whose only text introduces what follows ("Nous nous engageons à :") is a
    # part title, not a principle to accept.
    substantive = any(not line.endswith(":") for line in section.lines)
    own_engagement = any(
        _ENGAGES.search(line) and not _ENGAGEMENT.match(line) for line in section.lines
    )
    commitment = section.kind == "text" and (
        section.article
        or (
            substantive
            and (
                section.in_zone or own_engagement or bool(_ENGAGEMENTS_TITLE.search(section.title))
            )
        )
    )
    return {"title": section.title, "body": "\n".join(body_lines), "commitment": commitment}


def _approval_date(text: str) -> date | None:
    match = _APPROVAL.search(_clean(text.replace("\n", " ")))
    if match is None:
        return None
    value = match["date"]
    numeric = re.fullmatch(r"(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{2,4})", value)
    if numeric:
        day, month, year = (int(part) for part in numeric.groups())
    else:
        day_text, month_name, year_text = value.split()
        day = 1 if day_text == "1er" else int(day_text)
        month = _MONTHS.index(month_name.lower()) + 1 if month_name.lower() in _MONTHS else 0
        year = int(year_text)
    if year < 100:
        year += 2000
    try:
        return date(year, month, day)
    except ValueError as error:
        raise CharterParseError(
            f"La date d'approbation « {value} » n'est pas une date valide."
        ) from error
