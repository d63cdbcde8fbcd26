"""The layers import downwards only, and no two packages import each other (read with ``ast``).

core, kazakh < ingest < vectorstore < assistant (and prompts, data it reads) < cli, app_ui < app.py.
Every import counts, including those inside functions and under ``TYPE_CHECKING``.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.helpers import REPO

LAYERS = {
    "core": 0,
    "kazakh": 0,
    "ingest": 1,
    "vectorstore": 2,
    "prompts": 3,
    "assistant": 3,
    "cli": 4,
    "app_ui": 4,
    "app": 5,
}


def _modules() -> list[tuple[str, Path]]:
    found = [("app", REPO / "app.py")]
    for package in LAYERS:
        if (REPO / package).is_dir():
            found.extend((package, path) for path in sorted((REPO / package).rglob("*.py")))
    return found


def _imported_packages(path: Path) -> set[str]:
    """Our top-level packages that a module imports (absolute imports: the project uses no
    relative ones)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names & set(LAYERS)


def _edges() -> dict[str, dict[str, list[str]]]:
    """package -> imported package -> the modules importing it."""
    edges: dict[str, dict[str, list[str]]] = {}
    for package, path in _modules():
        for target in _imported_packages(path) - {package}:
            where = str(path.relative_to(REPO))
            edges.setdefault(package, {}).setdefault(target, []).append(where)
    return edges


def test_no_module_imports_a_higher_layer() -> None:
    upward = [
        f"{module} ({package}) imports {target}"
        for package, targets in _edges().items()
        for target, modules in targets.items()
        if LAYERS[target] > LAYERS[package]
        for module in modules
    ]
    assert upward == []


def test_no_two_packages_import_each_other_even_through_others() -> None:
    edges = {package: set(targets) for package, targets in _edges().items()}

    def reaches(start: str, goal: str, seen: set[str]) -> bool:
        for nxt in edges.get(start, ()):
            if nxt == goal or (nxt not in seen and reaches(nxt, goal, seen | {nxt})):
                return True
        return False

    cycles = sorted(p for p in edges if reaches(p, p, {p}))
    assert cycles == []


def test_the_check_sees_imports_inside_functions(tmp_path: Path) -> None:
    module = tmp_path / "m.py"
    module.write_text("def f():\n    from assistant.facade import Assistant\n    import cli.main\n")
    assert _imported_packages(module) == {"assistant", "cli"}


@pytest.mark.parametrize("package", sorted(set(LAYERS) - {"app"}))
def test_every_layer_exists(package: str) -> None:
    assert (REPO / package / "__init__.py").exists() or (REPO / package).is_dir()


QUESTION_PATH = (
    "query",
    "question_terms",
    "speaker_query",
    "followup",
    "outlet_query",
    "retrieval",
    "abstention",
    "extractive",
    "answer_types",
)


@pytest.mark.parametrize("module", QUESTION_PATH)
def test_the_question_path_never_goes_back_into_ingest(module: str) -> None:
    """From the Query to the answer, language work comes from ``kazakh``, not ``ingest``."""
    assert "ingest" not in _imported_packages(REPO / "assistant" / f"{module}.py")
