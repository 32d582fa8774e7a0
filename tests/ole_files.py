"""A minimal OLE compound-file writer for tests: Office 97-2003 containers with the streams a test names.

Just enough of [MS-CFB] version 3 (512-byte sectors, one FAT sector, no mini stream: every stream is padded to
the 4096-byte cutoff) for `olefile` and `extract.ole` to list the streams and read their first bytes. No
binary fixtures in the repository: each test builds the file it needs.
"""

from __future__ import annotations

import struct
from pathlib import Path

SECTOR = 512
FREE, END, FATSECT, NOSTREAM = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF
MIN_STREAM = 4096  # streams below the mini-stream cutoff would need a mini FAT


def _entry(name: str, kind: int, start: int, size: int, right: int = NOSTREAM, child: int = NOSTREAM) -> bytes:
    raw = name.encode("utf-16-le") + b"\x00\x00"
    e = raw.ljust(64, b"\x00") + struct.pack("<HBB", len(raw), kind, 1)
    e += struct.pack("<III", NOSTREAM, right, child) + b"\x00" * 16 + b"\x00" * 4 + b"\x00" * 16
    e += struct.pack("<IQ", start, size)
    return e


def ole_file(path: Path, streams: dict[str, bytes]) -> Path:
    """Write an OLE file holding `streams` (name → bytes, each padded to 4096 bytes) at the root."""
    names = list(streams)
    data = [streams[n].ljust(MIN_STREAM, b"\x00") for n in names]
    n_dir = (len(names) + 1 + 3) // 4  # 4 entries per directory sector (root included)
    fat = [FATSECT] + [i + 2 if i + 1 < n_dir else END for i in range(n_dir)]
    starts = []
    for blob in data:
        first = len(fat)
        count = -(-len(blob) // SECTOR)
        starts.append(first)
        fat += [first + k + 1 for k in range(count - 1)] + [END]
    assert len(fat) <= SECTOR // 4, "too much data for one FAT sector"
    fat += [FREE] * (SECTOR // 4 - len(fat))

    entries = [_entry("Root Entry", 5, END, 0, child=1 if names else NOSTREAM)]
    for i, (name, blob) in enumerate(zip(names, data), start=1):
        entries.append(_entry(name, 2, starts[i - 1], len(blob), right=i + 1 if i < len(names) else NOSTREAM))
    empty = b"\x00" * 64 + struct.pack("<HBB", 0, 0, 0) + struct.pack("<III", NOSTREAM, NOSTREAM, NOSTREAM)
    empty = empty.ljust(128, b"\x00")
    directory = b"".join(entries).ljust(n_dir * SECTOR, b"\x00")
    directory = b"".join(directory[i:i + 128] if directory[i:i + 128].strip(b"\x00") else empty
                         for i in range(0, len(directory), 128))

    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 16
    header += struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6) + b"\x00" * 6
    header += struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, END, 0, END, 0)
    header += struct.pack("<I", 0) + struct.pack("<I", FREE) * 108
    body = struct.pack(f"<{len(fat)}I", *fat) + directory + b"".join(data)
    path.write_bytes(header + body)
    return path


def word_stream(encrypted: bool = False) -> bytes:
    """The start of a WordDocument stream (FibBase): wIdent, nFib, unused, lid, pnNext, then the flags word at
    offset 0x0A whose bit 0x0100 is fEncrypted."""
    return struct.pack("<HHHHHH", 0xA5EC, 0xC1, 0, 0x0804, 0, 0x0100 if encrypted else 0) + b"\x00" * 20


def workbook_stream(encrypted: bool = False) -> bytes:
    """A BIFF8 BOF record, then FILEPASS (encrypted) or EOF."""
    bof = struct.pack("<HH", 0x0809, 16) + struct.pack("<HHHHII", 0x0600, 0x0005, 0, 0, 0, 0)
    follow = struct.pack("<HH", 0x002F, 6) + b"\x00" * 6 if encrypted else struct.pack("<HH", 0x000A, 0)
    return bof + follow
