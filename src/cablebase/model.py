"""The cable record: a typed model with a stable, versioned JSON form.

`Cable.model_dump(by_alias=True)` gives the documented JSON; `cable_json_schema()` the JSON Schema
(published as docs/cable.schema.json). Bump `SCHEMA_VERSION` whenever a key changes meaning.
"""

from __future__ import annotations

from typing import Any, Literal, Optional, Self

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = 1
MAX_INTEGER = 2 ** 63 - 1
"""The largest id or version number (a signed 64-bit integer, as SQLite stores it): larger ones are
refused where they come in, before they reach a query."""

TagKind = Literal["subject", "country", "organization", "program", "person", "unknown"]
RefKind = Literal["cable", "email", "telcon", "memo", "report", "document", "other"]


class _Model(BaseModel):
    model_config = ConfigDict(populate_by_name=True, extra="forbid")

    @classmethod
    def trusted(cls, **values: Any) -> Self:
        """A record from `values` that name every field and are valid as they are (the analysis' own
        results): what `model_construct` gives, a quarter of its cost (it looks at each field for an
        alias and a default, 7 µs a record; 4 % of the analysis). Other values go to `model_construct`."""
        if values.keys() != cls.__pydantic_fields__.keys() or cls.__pydantic_post_init__:
            return cls.model_construct(**values)
        record = cls.__new__(cls)
        _set(record, "__dict__", values)
        _set(record, "__pydantic_fields_set__", set(values))
        _set(record, "__pydantic_extra__", None)
        _set(record, "__pydantic_private__", None)
        return record


_set = object.__setattr__  # (as pydantic sets them: a model's own __setattr__ checks the field)


class Section(_Model):
    """`SECTION 01 OF 03` in the banner."""

    number: int
    of: int


class Header(_Model):
    """The routing header of a telegram (present in most modern and old cables)."""

    precedence: Optional[str] = None
    dtg: Optional[str] = Field(None, description="Date-time group as printed, e.g. '071803Z FEB 06'")
    sent: Optional[str] = Field(None, description="The date-time group as ISO 8601 (UTC)")
    from_: Optional[str] = Field(None, alias="from")
    to: list[str] = []
    info: list[str] = []


class Addressee(_Model):
    """An office (and person) a cable is directed to inside the receiving agency."""

    agency: Optional[str] = Field(None, description="e.g. DEPARTMENT, STATE, DEFENSE")
    office: Optional[str] = Field(None, description="Office symbol, e.g. EUR/CACEN; null for a person "
                                  "named without one (`NSC FOR HELGERSON`)")
    name: Optional[str] = None
    raw: str

    @property
    def label(self) -> str:
        """`DEPARTMENT EUR/CACEN (JMUDGE)`, `NSC (HELGERSON)`: the addressee as one line."""
        return " ".join(filter(None, (self.agency, self.office, f"({self.name})" if self.name else None)))


class ExecutiveOrder(_Model):
    """The E.O. line: the classification order and when it declassifies."""

    order: Optional[str] = Field(None, description="12958, 13526, 12065, ...")
    declassify: Optional[str] = Field(None, description="ISO date, 'N/A', or the text printed")
    raw: str


class Tag(_Model):
    """A TAGS code, decoded with the shipped dictionary."""

    # Immutable: the parser shares one Tag per code among all the cables that carry it.
    model_config = ConfigDict(populate_by_name=True, extra="forbid", frozen=True)

    code: str
    kind: TagKind
    description: Optional[str] = None
    known: bool = True
    probably: Optional[str] = Field(None, description="For a code the dictionary does not know: the one known code "
                                                      "a letter away, when there is exactly one (POGOV: PGOV)")
    printed: Optional[str] = Field(None, description="The code as the cable printed it, when it was read as the known "
                                                     "code a letter away (MOPPS printed, read as MOPS)")


class Reference(_Model):
    """One item of the REF line; `id` is the canonical id for cables whose year is known."""

    letter: Optional[str] = None
    kind: RefKind
    raw: str
    id: Optional[str] = None
    origin_code: Optional[str] = None
    serial: Optional[int] = None
    year: Optional[int] = None


class ClassifiedBy(_Model):
    """The `Classified By:` line."""

    who: Optional[str] = None
    reasons: list[str] = Field([], description="E.O. reasons such as '1.4(b)'")
    raw: str


class Paragraph(_Model):
    """A body paragraph with its printed number, classification marking and section heading."""

    # `_span`, set by the parser: where the paragraph's wrapped lines sit in the cable body (start,
    # end), or None; the archive then stores the span instead of a second copy of the text (see
    # `unwrap`). A slot: storage bookkeeping, outside the record's fields, JSON and equality, and
    # cheap (a pydantic private attribute doubled the cost of making a paragraph).
    __slots__ = ("_span",)

    number: Optional[int] = None
    marking: Optional[str] = Field(None, description="The classification marking as printed, in capitals: "
                                                     "S/NF, S//FGI//NF, SBU/REL NATO, C NF, SNF")
    heading: Optional[str] = Field(None, description="Heading of the section this paragraph opens")
    text: str
    level: Optional[str] = Field(None, description="The classification level the marking says (SECRET for "
                                                   "S//FGI//NF), from vocab.markings.marking_level")

    @property
    def span(self) -> Optional[tuple[int, int]]:
        """`_span` when the parser set it, else None."""
        return getattr(self, "_span", None)


class ActionRequest(_Model):
    """An action request: which paragraph holds it and the points asked for."""

    paragraph: Optional[int] = None
    text: str
    points: list[str] = []
    deadline: Optional[str] = None


class Entity(_Model):
    """A person or organisation named in the cable, its mentions merged."""

    kind: Literal["person", "organization"]
    name: str
    key: str = Field(description="Merge key across the archive")
    titles: list[str] = Field([], description="Titles and roles the cable gives, e.g. 'Ambassador'")
    aliases: list[str] = Field([], description="Other forms: surname alone, acronym, TAGS form")
    paragraphs: list[int] = []
    mentions: int = 0


class Event(_Model):
    """A date mentioned in the text, resolved against the cable's own date where possible."""

    # `_at`, set by the analysis: where the sentence is, (index in the cable's paragraphs, start,
    # end) in that paragraph's text with its runs of white space made single spaces; the archive
    # stores this instead of the text. A slot, like Paragraph's `_span`.
    __slots__ = ("_at",)

    date: Optional[str] = Field(None, description="ISO date (start of the period), null if unresolvable")
    precision: Literal["day", "week", "month", "early-month", "mid-month", "late-month", "year", "unresolved"]
    uncertain: bool = Field(False, description="True when the year could not be decided (no year, no tense, months "
                            "from the cable's date either way): `date` is then the nearest reading")
    text: str = Field(description="The date expression as written")
    sentence: str
    paragraph: Optional[int] = None

    @property
    def at(self) -> Optional[tuple[int, int, int]]:
        """`_at` when the analysis set it, else None."""
        return getattr(self, "_at", None)


class Sensitivity(_Model):
    """How classified the cable's words read, as `cablebase review --score` stored it in the archive."""

    p_classified: float = Field(description="Calibrated probability that the cable's text is classified, "
                                            "read from its words only (not its markings)")
    level: str = Field(description="Most likely level: UNCLASSIFIED, CONFIDENTIAL, SECRET")
    paragraphs: list[Optional[float]] = Field([], description="Each paragraph's p_classified, in order "
                                                              "(null for a paragraph with no text)")


class Source(_Model):
    """Where the record came from."""

    format: Literal["html", "csv", "txt", "text"]
    path: Optional[str] = None
    record: Optional[int] = Field(None, description="1-based record number within the file")
    sha256: str


class Cable(_Model):
    """One diplomatic cable, parsed."""

    schema_version: int = SCHEMA_VERSION
    reference_id: Optional[str] = None
    origin_code: Optional[str] = None
    serial: Optional[int] = None
    year: Optional[int] = None
    origin: Optional[str] = None
    created: Optional[str] = None
    released: Optional[str] = None
    classification: Optional[str] = None
    classification_raw: Optional[str] = None
    captions: list[str] = []
    section: Optional[Section] = None
    header: Optional[Header] = None
    addressees: list[Addressee] = []
    eo: Optional[ExecutiveOrder] = None
    tags: list[Tag] = []
    subject: Optional[str] = None
    subject_marking: Optional[str] = Field(None, description="Classification marking printed before the subject "
                                                             "('S/NF' for `(S/NF) NIGERIA: …`), not part of it")
    references: list[Reference] = []
    classified_by: Optional[ClassifiedBy] = None
    paragraphs: list[Paragraph] = []
    summary: Optional[str] = None
    comments: list[str] = []
    action_request: Optional[ActionRequest] = None
    signers: list[str] = []
    minimize_considered: list[str] = []
    redactions: int = 0
    partial: bool = False
    partial_notice: Optional[str] = None
    entities: list[Entity] = Field([], description="People and organisations named; filled by the analysis stage "
                                                   "(`ingest`, `parse --analyse`), empty straight from the parser")
    events: list[Event] = Field([], description="Dated events mentioned; filled by the analysis stage, like entities")
    sensitivity: Optional[Sensitivity] = Field(None, description="Filled when read from an archive that "
                                                                 "`cablebase review --score` has scored")
    preamble: str = Field("", description="The text before the first paragraph: banner, captions, E.O., TAGS...")
    body: str = ""
    source: Source
    warnings: list[str] = []

    def to_json_dict(self) -> dict:
        """The documented JSON form (aliases applied, e.g. header `from`)."""
        return self.model_dump(by_alias=True, mode="json")

    @classmethod
    def from_json_dict(cls, data: dict) -> "Cable":
        """Rebuild a record from its JSON form."""
        return cls.model_validate(data)


def cable_json_schema() -> dict:
    """JSON Schema of the record's JSON form."""
    schema = Cable.model_json_schema(by_alias=True)
    schema["$id"] = f"https://cablebase.invalid/schema/cable-v{SCHEMA_VERSION}.json"
    return schema
