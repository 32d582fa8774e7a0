"""The layers point one way: a module imports only its own layer and the layers below it, and no private
name (`_x`) of another module.

The layer order is data (`LAYERS`, bottom first). The vocabulary (normalize/: pure functions and data about the
words of a 工作清单) sits low because the table layout reads with it (a 牵头单位 is recognised by its words)
and the checks know its labels. Each layer may also name lower layers it must not use:
the pipeline converts without the output folder, the writers write without the pipeline, and re-checking an
emitted dataset (`worklist validate`) needs neither the readers nor the pipeline nor the writers. Every
import counts, also those inside functions and under `if TYPE_CHECKING:` (a type-only import upward is
still a module that knows a higher layer). The checker reads the source (ast), it imports nothing.

A new module must be placed in a layer (the test says so); patterns with `*` cover the readers and the
vocabulary, so a new reader or a new vocabulary module lands in its layer without an edit here.
"""

from __future__ import annotations

import ast
import fnmatch
import subprocess
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.paths import ROOT


@dataclass(frozen=True)
class Layer:
    name: str
    modules: tuple[str, ...]  # module names or fnmatch patterns; the most specific match decides
    not_below: frozenset[str] = frozenset()  # lower layers this one must not use all the same


_READING = frozenset({"columns", "readers", "layout"})  # the layers that know files and grids

LAYERS: list[Layer] = [  # bottom first; the folders say the same (README "Layers")
    Layer("core", ("worklist", "worklist.exit_codes", "worklist.ci_report", "worklist.formats", "worklist.page_images",
                   "worklist.budget", "worklist.progress",
                   "worklist.extract.errors", "worklist.extract.budget", "worklist.extract.grid")),
    Layer("vocabulary", ("worklist.vocabulary", "worklist.vocabulary.*")),  # src/worklist/vocabulary/
    # header names → columns, on a Grid: below the readers, which pick a file's list (table, sheet) by its header
    Layer("columns", ("worklist.extract.headers",)),
    Layer("readers", ("worklist.extract", "worklist.extract.*")),  # extract/<format>/, extract/geometry/
    Layer("layout", ("worklist.extract.table", "worklist.extract.table.*")),  # extract/table/
    Layer("normalize", ("worklist.normalize", "worklist.normalize.*"), _READING),  # normalize/
    Layer("contract", ("worklist.schemas", "worklist.schemas.*"), _READING | {"normalize"}),  # schemas/
    Layer("checks", ("worklist.checks", "worklist.checks.*"), _READING | {"normalize"}),  # src/worklist/checks/
    Layer("pipeline", ("worklist.pipeline", "worklist.pipeline.*")),  # src/worklist/pipeline/
    # src/worklist/outputs/: the folder's layout, re-checking what was written, then everything that writes
    Layer("output layout", ("worklist.outputs.layout",),
          _READING | {"vocabulary", "normalize", "checks", "pipeline"}),
    Layer("re-checking", ("worklist.outputs.validate", "worklist.outputs.html_report", "worklist.outputs.manifest_schema"),
          _READING | {"normalize", "pipeline"}),
    Layer("outputs", ("worklist.outputs", "worklist.outputs.*"), _READING | {"re-checking", "pipeline"}),
    Layer("batch", ("worklist.batch", "worklist.batch.*"), frozenset({"re-checking"})),  # src/worklist/batch/
    Layer("cli", ("worklist.cli",)),
]
RANK = {layer.name: i for i, layer in enumerate(LAYERS)}
assert len(RANK) == len(LAYERS), "layer names must be unique"


def layer_of(module: str) -> Layer | None:
    """The layer whose most specific pattern matches (an exact name beats any pattern)."""
    best: tuple[int, Layer] | None = None
    for layer in LAYERS:
        for pattern in layer.modules:
            if fnmatch.fnmatchcase(module, pattern):
                score = 10_000 if pattern == module else len(pattern.replace("*", ""))
                if best is None or score > best[0]:
                    best = (score, layer)
    return best[1] if best else None


# ------------------------------------------------------------------------------------------- the sources


def package_dirs() -> dict[str, Path]:
    """Import package -> folder, as pyproject.toml installs them (worklist.extract lives in extract/)."""
    setuptools = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    return {pkg: ROOT / folder for pkg, folder in setuptools["package-dir"].items()}


def source_modules() -> dict[str, Path]:
    """Every module of the installed package, by its import name."""
    dirs = package_dirs()
    out: dict[str, Path] = {}
    for pkg, folder in dirs.items():
        for f in sorted(folder.rglob("*.py")):
            rel = f.relative_to(folder).with_suffix("")
            parts = [p for p in rel.parts if p != "__init__"]
            out.setdefault(".".join([pkg, *parts]), f)
    return out


# ------------------------------------------------------------------------------------------- the checker


@dataclass(frozen=True)
class Edge:
    importer: str
    imported: str  # a module
    name: str | None  # the name taken from it, if any
    line: int


def _is_private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def imports_of(module: str, source: str, known: set[str], *, is_package: bool = False) -> list[Edge]:
    """Every import of a worklist module in `source` (anywhere in it), and every `alias._name` use."""
    tree = ast.parse(source)
    package = module if is_package else module.rpartition(".")[0]
    edges: list[Edge] = []
    aliases: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for a in node.names:
                if a.name.split(".")[0] == "worklist":
                    edges.append(Edge(module, a.name, None, node.lineno))
                    aliases[a.asname or a.name] = a.name
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                parts = parts[: len(parts) - (node.level - 1)]
                base = ".".join(parts + ([node.module] if node.module else []))
            if base.split(".")[0] != "worklist":
                continue
            for a in node.names:
                sub = f"{base}.{a.name}"
                if sub in known:  # `from worklist.schemas import checks`: the module itself
                    edges.append(Edge(module, sub, None, node.lineno))
                    aliases[a.asname or a.name] = sub
                else:
                    edges.append(Edge(module, base, a.name, node.lineno))
    for node in ast.walk(tree):  # `import worklist.checks.rules as C; C._context()`
        if isinstance(node, ast.Attribute) and _is_private(node.attr):
            target = aliases.get(ast.unparse(node.value))
            if target is not None:
                edges.append(Edge(module, target, node.attr, node.lineno))
    return edges


def violations(edges: list[Edge]) -> list[str]:
    """What breaks the layering or takes a private name of another module, one line each."""
    out: list[str] = []
    for e in edges:
        if e.name is not None and _is_private(e.name) and e.imported != e.importer:
            out.append(f"{e.importer}:{e.line} takes the private name {e.name} of {e.imported}")
        here, there = layer_of(e.importer), layer_of(e.imported)
        if here is None or there is None:
            continue  # reported by test_every_module_has_a_layer
        if RANK[there.name] > RANK[here.name]:
            out.append(f"{e.importer}:{e.line} ({here.name}) imports {e.imported} from the higher layer {there.name}")
        elif there.name in here.not_below:
            out.append(f"{e.importer}:{e.line} ({here.name}) imports {e.imported}: {here.name} must not use "
                       f"{there.name}")
    return out


def tree_edges() -> list[Edge]:
    modules = source_modules()
    known = set(modules)
    edges: list[Edge] = []
    for name, path in modules.items():
        edges += imports_of(name, path.read_text(encoding="utf-8"), known, is_package=path.name == "__init__.py")
    return edges


def cycles(edges: list[Edge]) -> list[list[str]]:
    """The import cycles among the modules (strongly connected groups of more than one module; Tarjan).
    A package and the modules it imports count like any module: `from worklist.extract import x` runs the
    package's `__init__` first."""
    graph: dict[str, set[str]] = {}
    for e in edges:
        if e.imported != e.importer:
            graph.setdefault(e.importer, set()).add(e.imported)
            graph.setdefault(e.imported, set())
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[list[str]] = []
    counter = 0
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is None:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    group = []
                    while True:
                        m = stack.pop()
                        on_stack.discard(m)
                        group.append(m)
                        if m == node:
                            break
                    if len(group) > 1:
                        out.append(sorted(group))
            elif child not in index:
                index[child] = low[child] = counter
                counter += 1
                stack.append(child)
                on_stack.add(child)
                work.append((child, iter(sorted(graph[child]))))
            elif child in on_stack:
                low[node] = min(low[node], index[child])
    return out


# ------------------------------------------------------------------------------------------- the tests


def test_no_import_cycles_lazy_imports_included() -> None:
    """Imports inside functions and under TYPE_CHECKING count: a lazy import is still a cycle of knowledge."""
    found = cycles(tree_edges())
    assert not found, "import cycles:\n" + "\n".join(" ↔ ".join(c) for c in found)


def test_the_cycle_check_finds_the_cycles_issue_19_named() -> None:
    """The readers calling OCR while OCR imported them back: planted again, it must be found."""
    planted = [Edge("worklist.extract.pdf.reader", "worklist.extract.ocr.reader", "ocr_paged", 1),
               Edge("worklist.extract.ocr.reader", "worklist.extract.pdf.reader", "read_pdf", 1)]
    assert ["worklist.extract.ocr.reader", "worklist.extract.pdf.reader"] in cycles(tree_edges() + planted)


def test_every_package_folder_is_installed() -> None:
    """A folder of modules missing from pyproject's package list would be left out of the wheel."""
    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["packages"])
    packages = {name for name, path in source_modules().items() if path.name == "__init__.py"}
    assert packages == listed


def test_every_module_has_a_layer() -> None:
    unplaced = [m for m in source_modules() if layer_of(m) is None]
    assert not unplaced, f"put these modules in a layer of tests/test_layers.py: {unplaced}"


def test_the_source_tree_keeps_its_layers() -> None:
    problems = violations(tree_edges())
    assert not problems, "\n".join(problems)


def test_the_tree_is_read_from_the_installed_folders() -> None:
    modules = source_modules()
    assert modules["worklist.extract.grid"] == ROOT / "extract" / "grid.py"
    assert modules["worklist.schemas.models"] == ROOT / "schemas" / "models.py"
    assert modules["worklist.normalize.targets"] == ROOT / "normalize" / "targets.py"
    assert modules["worklist.batch"] == ROOT / "src" / "worklist" / "batch" / "__init__.py"
    assert len(modules) > 30


KNOWN = set(source_modules())

# The imports issue 9 found, as they stood: each must be caught.
BAD_IMPORTS = {
    "checks use the writers (the cycle pipeline → checks → writers → pipeline)":
        ("worklist.checks.rules", "def frames(conv):\n    from worklist.outputs.writers import to_arrow\n"),
    "the native checks know the pipeline": (
        "worklist.checks.native",
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from worklist.pipeline import Conversion\n"),
    "the writers import the pipeline": ("worklist.outputs.writers", "from worklist.pipeline import Conversion\n"),
    "validate imports the writers": (
        "worklist.outputs.validate", "def f():\n    from worklist.outputs.writers import arrow_schema\n"),
    "validate loads the reader stack": ("worklist.outputs.validate", "from worklist.extract import read_document\n"),
    "the batch takes a private name of the checks": (
        "worklist.batch.pool", "def warm():\n    from worklist.checks.rules import _context\n    _context()\n"),
    "…or reaches it through the module": (
        "worklist.batch.pool", "import worklist.checks.rules as checks\nchecks._context()\n"),
    "a reader uses the layout": ("worklist.extract.txt.reader", "from worklist.extract.table.layout import build_layout\n"),
    "the pipeline writes": ("worklist.pipeline", "from worklist.outputs.layout import write_json_atomic\n"),
    "a relative import upward": ("worklist.schemas.models", "from ..checks.rules import SUITE\n"),
}


@pytest.mark.parametrize("case", list(BAD_IMPORTS))
def test_the_checker_catches_the_imports_of_issue_9(case: str) -> None:
    module, source = BAD_IMPORTS[case]
    assert violations(imports_of(module, source, KNOWN)), case


GOOD_IMPORTS = {
    "the pipeline uses the checks": ("worklist.pipeline", "from worklist.checks.rules import check_warnings\n"),
    "checks take records": ("worklist.checks.native", "from worklist.schemas.records import Conversion\n"),
    "the layout uses the vocabulary": ("worklist.extract.table.rows", "from worklist.vocabulary.fields import parse_seq\n"),
    "a package re-exports a public name": ("worklist.batch", "from worklist.batch.run import convert_batch\n"),
    "dunder names are public": ("worklist.cli", "from worklist import __version__\n"),
    "third-party imports are not ours": ("worklist.extract.grid", "import pyarrow._compute\n"),
}


@pytest.mark.parametrize("case", list(GOOD_IMPORTS))
def test_the_checker_allows_imports_downward(case: str) -> None:
    module, source = GOOD_IMPORTS[case]
    assert violations(imports_of(module, source, KNOWN)) == []


# ------------------------------------------------------------------------------------------- behaviour


def test_checks_change_nothing_in_the_conversion(conversions) -> None:
    """The check engines take records and return results (they used to append to the warnings)."""
    import copy

    from worklist.checks.native import run_native

    conv = conversions("txt")
    before = copy.deepcopy(conv.__dict__)
    run_native(conv)
    assert conv.__dict__ == before


def test_validate_loads_neither_readers_nor_pipeline_nor_writers(tmp_path: Path, conversions) -> None:
    """`worklist validate` re-checks files: the reader stack (pdfplumber, python-docx) stays unloaded.

    The Great Expectations run itself is stubbed (it is slow to import and imports none of ours); every other
    step of the re-check runs, with the imports it makes on the way."""
    from worklist.outputs.writers import write_conversion

    folder = write_conversion(conversions("txt"), tmp_path)
    code = (
        "import sys\n"
        "import worklist.outputs.validate as V\n"
        "V._gx_problems = lambda tables, rep: []\n"
        f"ok, lines = V.validate_output({str(folder)!r}, report=None)\n"
        "assert ok, lines\n"
        "print(sorted(m for m in ('pdfplumber', 'pdfminer', 'docx', 'jieba', 'worklist.pipeline', 'worklist.outputs.writers',"
        " 'worklist.extract') if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
