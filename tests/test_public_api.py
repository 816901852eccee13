"""The public surface matches __all__, and no lower layer imports a higher one (docs/internals.md, DESIGN.md)."""

import ast
import importlib
import pathlib

import pytest

import symflow

ROOT = pathlib.Path(symflow.__file__).parent

# rank of each module; a module may import modules of lower or equal rank only
RANK = {
    "errors": 0, "verdict": 0, "precision": 0, "validation": 0, "plaintext": 0,
    "parse": 1, "identity": 1,
    "parameterization": 2, "families": 2, "deep_linear": 2, "commutation": 2,
    "lie": 3, "conservation": 3, "integrate": 3, "sharpness": 3,
    "potentials": 4, "relu_network": 4,
    "flows": 5, "discrete": 5,
    "strategies": 6, "testing": 6,
    "figures": 7, "claims": 7, "analysis": 7,
    "cli": 8,
    "__main__": 9,
}


def _symflow_imports(path: pathlib.Path, package: str) -> set[str]:
    tree = ast.parse(path.read_text())
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            if node.level == 0 and node.module and node.module.startswith("symflow"):
                parts = node.module.split(".")
                found.add(parts[1] if len(parts) > 1 else (node.names[0].name))
            elif node.level >= 1:
                base = package.split(".")[1:] if node.level == 1 else package.split(".")[1:-(node.level - 1) or None]
                mod = (base + (node.module.split(".") if node.module else []))
                if mod:
                    found.add(mod[0])
                else:
                    found.update(a.name for a in node.names)
        elif isinstance(node, ast.Import):
            for a in node.names:
                if a.name.startswith("symflow."):
                    found.add(a.name.split(".")[1])
    return found


def _modules():
    for path in sorted(ROOT.rglob("*.py")):
        rel = path.relative_to(ROOT)
        if rel.name == "__init__.py" and rel.parent == pathlib.Path("."):
            continue
        top = rel.parts[0].removesuffix(".py")
        package = "symflow." + ".".join(rel.parts[:-1]) if len(rel.parts) > 1 else "symflow"
        yield path, top, package.rstrip(".")


def test_every_module_has_a_rank():
    tops = {top for _, top, _ in _modules()}
    assert tops <= set(RANK), f"unranked modules: {tops - set(RANK)}; add them to RANK and docs/internals.md"


@pytest.mark.parametrize("path,top,package", list(_modules()), ids=lambda x: str(x) if isinstance(x, str) else None)
def test_no_upward_imports(path, top, package):
    for dep in _symflow_imports(path, package):
        if dep == top or dep not in RANK:
            continue
        assert RANK[dep] <= RANK[top], f"{path.name} ({top}, rank {RANK[top]}) imports {dep} (rank {RANK[dep]})"
        if top == "integrate":
            assert RANK[dep] == 0, f"integrate/ may only import the vocabulary, not {dep}"


def test_all_matches_public_names():
    for name in symflow.__all__:
        assert getattr(symflow, name) is not None, name
    public = {n for n in dir(symflow) if not n.startswith("_")}
    # submodules loaded as a side effect of imports are not API
    modules = {n for n in public if type(getattr(symflow, n)).__name__ == "module" and n != "families"}
    assert public - modules - {"annotations"} <= set(symflow.__all__) | {"families"}
    assert len(symflow.__all__) <= 30


@pytest.mark.parametrize("module", sorted(k for k in RANK if k != "integrate"))
def test_modules_declare_all(module):
    mod = importlib.import_module(f"symflow.{module}")
    assert hasattr(mod, "__all__"), f"symflow.{module} must declare __all__"
    for name in mod.__all__:
        assert hasattr(mod, name), f"symflow.{module}.__all__ names {name}, which does not exist"
