"""The manifests' own shape, checked before `validate` trusts a word of them.

Why: `worklist validate` compares an output folder with what its manifests recorded (hashes, counts, ids). A
manifest is a file like any other in the folder: replaced by `{"schema_version": "2.1"}` it must not switch the
checks off. So each manifest is read within the output-JSON budget (`layout.load_json`), its fields must have
their types, and a manifest without file hashes is a failure when the document was written by a version that
writes them (every version since `HASHES_SINCE`), not "an older version" to be excused.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from worklist.outputs.layout import json_problem

HASHES_SINCE = (0, 2, 0)  # the first extractor version whose manifests list the SHA-256 of every file
_SHA = re.compile(r"^[0-9a-f]{64}$")
_VERSION = re.compile(r"^(\d+)\.(\d+)\.(\d+)")


def writes_hashes(extractor_version: Any) -> bool:
    """A document written by this version has its files' hashes in its manifest (unknown versions: yes)."""
    m = _VERSION.match(str(extractor_version or ""))
    return m is None or tuple(int(x) for x in m.groups()) >= HASHES_SINCE


def _hashes(files: Any, where: str) -> list[str]:
    if not isinstance(files, dict):
        return [f"{where}: 'files' is not an object of file hashes"]
    bad = [k for k, v in files.items() if not isinstance(v, str) or not _SHA.match(v)]
    return [f"{where}: 'files' holds values that are no SHA-256 ({', '.join(map(str, bad[:3]))})"] if bad else []


_DOC_FIELDS: dict[str, type | tuple[type, ...]] = {
    "doc_id": str, "input": dict, "schema_version": str, "extractor_version": str, "counts": dict,
    "warnings": list, "validation": dict, "files": dict,
}


def document_manifest_problems(m: dict[str, Any], where: str = "manifest.json") -> list[str]:
    """What is wrong with a document folder's manifest as a record of that folder (empty: nothing)."""
    out = [f"{where}: '{k}' is missing or not {t.__name__ if isinstance(t, type) else 'valid'}"
           for k, t in _DOC_FIELDS.items() if not isinstance(m.get(k), t) and k != "files"]
    counts = m.get("counts")
    if isinstance(counts, dict) and not all(isinstance(v, int) and not isinstance(v, bool) for v in counts.values()):
        out.append(f"{where}: 'counts' holds values that are not row counts")
    files = m.get("files")
    if not files:
        if writes_hashes(m.get("extractor_version")):
            out.append(f"{where}: no file hashes, though version {m.get('extractor_version') or '?'} writes them "
                       "(the manifest was replaced or cut)")
    else:
        out += _hashes(files, where)
    return out


def batch_manifest_problems(m: dict[str, Any], documents_write_hashes: bool,
                            where: str = "OUT/manifest.json") -> list[str]:
    """What is wrong with OUT/manifest.json as the record of dataset/ (`documents_write_hashes`: the
    documents beside it were written by versions that write hashes, so the dataset's must be there)."""
    out = []
    for k, t in (("documents", list), ("dataset", dict)):
        if not isinstance(m.get(k), t):
            out.append(f"{where}: '{k}' is missing or not a {t.__name__}")
    if not all(isinstance(d, dict) for d in m.get("documents") or []):
        out.append(f"{where}: 'documents' holds entries that are not objects")
    if "notices" in m and not (isinstance(m["notices"], list) and all(isinstance(n, dict) for n in m["notices"])):
        out.append(f"{where}: 'notices' is not a list of objects")
    files = (m.get("dataset") or {}).get("files") if isinstance(m.get("dataset"), dict) else None
    if not files:
        if documents_write_hashes:
            out.append(f"{where}: no hashes of dataset/'s files, though its documents were written by a version "
                       "that writes them (the manifest was replaced or cut)")
    else:
        out += _hashes(files, where)
    return out


def unreadable(path: Path) -> str | None:
    """Why an existing manifest cannot be used at all (over budget, not JSON, not an object), else None."""
    return json_problem(path)
