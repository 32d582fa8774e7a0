"""The OPC package of a DOCX: zip parts read within the zip limits, XML parsed safely (ISO Strict mapped to
the transitional namespace), relationships resolved."""

from __future__ import annotations

import posixpath

from lxml import etree

from worklist.extract import zip_limits
from worklist.extract.docx.xml import PARSER, REL_NS, W_NS, W_STRICT_NS
from worklist.extract.errors import CorruptFileError


class Package(zip_limits.ZipParts):
    """The OPC package: zip parts, XML parsing (ISO Strict mapped to the transitional namespace) and
    relationships."""

    def xml(self, name: str) -> etree._Element:
        data = self.read(name)
        if W_STRICT_NS in data:  # ISO Strict DOCX: same vocabulary under another namespace
            data = data.replace(W_STRICT_NS, W_NS.encode())
        try:
            return etree.fromstring(data, PARSER)
        except etree.XMLSyntaxError as e:
            raise CorruptFileError(f"{name} is not well-formed XML ({e.msg})") from None

    def relationships(self, part: str) -> list[tuple[str, str]]:
        """(relationship type suffix, target part name) of a part, in document order; external ones left out."""
        folder, base = posixpath.split(part)
        rels_name = posixpath.join(folder, "_rels", base + ".rels")
        if not self.has(rels_name):
            return []
        try:
            root = etree.fromstring(self.read(rels_name), PARSER)
        except etree.XMLSyntaxError:
            return []
        out: list[tuple[str, str]] = []
        for rel in root.iter(REL_NS + "Relationship"):
            rtype, target = rel.get("Type", ""), rel.get("Target", "")
            if not target or rel.get("TargetMode") == "External":
                continue
            if target.startswith("/"):
                name = target.lstrip("/")
            else:
                name = posixpath.normpath(posixpath.join(folder, target))
            out.append((rtype.rsplit("/", 1)[-1], name))
        return out

    def rels(self, part: str) -> dict[str, str]:
        """Relationship type suffix -> target part name (the first of each type)."""
        out: dict[str, str] = {}
        for rtype, name in self.relationships(part):
            out.setdefault(rtype, name)
        return out
