from server.syntax.ast import Attribute
from server.syntax.sourcetext import SourceText
from server.syntax.xmlnodes import XmlElement, XmlText

VERSION: int

def configure(
    element: type[XmlElement], text: type[XmlText], attribute: type[Attribute], source_text: type[SourceText], /
) -> None: ...
def start_tag(text: str, lt: int, end: int, /) -> XmlElement | None: ...
def scan(text: str, pos: int, end: int, stack: list[XmlElement], open_names: dict[str, int], /) -> int: ...
