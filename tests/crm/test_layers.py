"""Every module of `crm` has its place in the layers that `lint-imports` checks.

`crm` holds three layers side by side (the ground, the pipeline, and the shell with
the reports and the demo). import-linter only constrains the modules a contract
names, so a new module left out of pyproject.toml would escape the check.
"""

import tomllib
from pathlib import Path

import grimp

import crm

ROOT = Path(crm.__file__).parent
# Not code that other modules import.
UNLAYERED = {"crm.migrations"}


def _layered() -> set[str]:
    config = tomllib.loads((ROOT.parent / "pyproject.toml").read_text())["tool"]["importlinter"]
    (layers,) = [c for c in config["contracts"] if c["id"] == "layers"]
    return {
        name.strip(" ()")
        for layer in layers["layers"]
        for name in layer.replace("|", ":").split(":")
    }


def _crm_modules() -> set[str]:
    found = {f"crm.{path.stem}" for path in ROOT.glob("*.py") if path.stem != "__init__"}
    found |= {f"crm.{path.parent.name}" for path in ROOT.glob("*/__init__.py")}
    return found - UNLAYERED


def test_every_crm_module_is_in_a_layer():
    assert sorted(_crm_modules() - _layered()) == []


def test_the_layers_name_no_module_that_is_gone():
    apps = {"companies", "benefits", "outreach", "network", "certification", "privacy", "api"}
    crm_layered = {name for name in _layered() if not name.startswith("history.")}
    assert sorted(crm_layered - _crm_modules() - apps) == []


def _cycles(imports: dict[str, set[str]]) -> list[list[str]]:
    """The groups of modules that import each other, directly or through others
    (strongly connected components, Tarjan's algorithm without recursion)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for root in sorted(imports):
        if root in index:
            continue
        work = [(root, iter(sorted(imports[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            module, targets = work[-1]
            target = next(targets, None)
            if target is not None:
                if target not in index:
                    index[target] = low[target] = len(index)
                    stack.append(target)
                    on_stack.add(target)
                    work.append((target, iter(sorted(imports.get(target, ())))))
                elif target in on_stack:
                    low[module] = min(low[module], index[target])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[module])
            if low[module] == index[module]:
                group = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == module:
                        break
                if len(group) > 1:
                    found.append(sorted(group))
    return found


def test_the_cycle_finder_finds_a_circle_through_three_modules():
    imports = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert _cycles(imports) == [["a", "b", "c"]]


def test_no_two_modules_import_each_other_even_inside_functions():
    """grimp, the graph behind import-linter, sees imports inside functions too."""
    graph = grimp.build_graph(
        "crm", "companies", "benefits", "outreach", "privacy", "api", cache_dir=None
    )
    imports = {module: graph.find_modules_directly_imported_by(module) for module in graph.modules}
    assert _cycles(imports) == []
