"""Results for CI systems: JUnit XML (what Jenkins, GitLab, GitHub and Azure test viewers read), one test case
per document, so a drifted extraction shows as a failed test named after its file.

Written with the standard library's ElementTree: the format is a handful of elements, and every CI viewer
accepts the common subset used here (testsuites > testsuite > testcase > failure | error | skipped,
system-out).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass


@dataclass(frozen=True)
class Case:
    name: str
    classname: str
    failure: str | None = None  # the message of a failed check
    error: str | None = None  # could not be checked at all
    skipped: str | None = None
    details: str = ""  # long text: the differences, the failed rules


def junit_xml(suite: str, cases: list[Case]) -> str:
    """One <testsuites> document holding one <testsuite> named `suite`."""
    root = ET.Element("testsuites")
    ts = ET.SubElement(root, "testsuite", {
        "name": suite,
        "tests": str(len(cases)),
        "failures": str(sum(c.failure is not None for c in cases)),
        "errors": str(sum(c.error is not None for c in cases)),
        "skipped": str(sum(c.skipped is not None for c in cases)),
    })
    for c in cases:
        tc = ET.SubElement(ts, "testcase", {"name": c.name, "classname": c.classname})
        if c.failure is not None:
            ET.SubElement(tc, "failure", {"message": c.failure}).text = c.details or c.failure
        elif c.error is not None:
            ET.SubElement(tc, "error", {"message": c.error}).text = c.details or c.error
        elif c.skipped is not None:
            ET.SubElement(tc, "skipped", {"message": c.skipped})
        if c.details and c.failure is None and c.error is None:
            ET.SubElement(tc, "system-out").text = c.details
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
