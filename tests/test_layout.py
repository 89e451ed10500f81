"""The package's layout is the pipeline: each stage imports only the stages before it, never another's
private names, and nothing imports in a cycle."""

import ast
from pathlib import Path

from convert import paths

# the stages in pipeline order; a module may import its own stage and the ones before it
ORDER = ["foundation", "read", "rdf", "validate", "sparql", "release", "web", "exports", "cli", "dev"]
FOUNDATION = {"convert", "convert.paths", "convert.problems", "convert.inputs", "convert.processes"}


def stage(module: str) -> str:
    if module in FOUNDATION:
        return "foundation"
    if module in ("convert.cli", "convert.__main__"):
        return "cli"
    return module.split(".")[1]


def modules() -> dict[str, Path]:
    out = {}
    for path in sorted(paths.PACKAGE.rglob("*.py")):
        parts = path.relative_to(paths.ROOT).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        out[name] = path
    return out


def imports(path: Path) -> list[tuple[str, list[str], int]]:
    """(module, names, line) of every `import convert…` / `from convert… import …`, at any depth but under
    `if TYPE_CHECKING:`."""
    out = []
    tree = ast.parse(path.read_text(encoding="utf-8"))
    typing_only = {  # `if TYPE_CHECKING:` imports name types for annotations; they are never run
        id(n)
        for block in ast.walk(tree)
        if isinstance(block, ast.If) and ast.unparse(block.test) in ("TYPE_CHECKING", "typing.TYPE_CHECKING")
        for n in ast.walk(block)
    }
    for node in ast.walk(tree):
        if id(node) in typing_only:
            continue
        if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "convert":
            out.append((node.module, [a.name for a in node.names], node.lineno))
        elif isinstance(node, ast.Import):
            out += [(a.name, [], node.lineno) for a in node.names if a.name.split(".")[0] == "convert"]
    return out


def test_every_module_belongs_to_a_known_stage():
    unknown = [m for m in modules() if stage(m) not in ORDER]
    assert not unknown, f"modules outside the stages {ORDER}: {unknown}"


def test_stages_import_only_earlier_stages_and_no_private_names():
    wrong = []
    for module, path in modules().items():
        own = ORDER.index(stage(module))
        for target, names, line in imports(path):
            if ORDER.index(stage(target)) > own:
                wrong.append(f"{path.name}:{line}: {stage(module)} imports the later stage {target}")
            private = [n for n in names if n.startswith("_") and not n.startswith("__")]
            if private and stage(target) != stage(module):
                wrong.append(f"{path.name}:{line}: imports private {private} from {target}")
    assert not wrong, "\n".join(wrong)


def test_no_import_cycle_between_modules():
    mods = modules()
    graph = {m: set() for m in mods}
    for module, path in mods.items():
        for target, names, _ in imports(path):
            for candidate in [f"{target}.{n}" for n in names] + [target]:
                if candidate in mods and candidate != module:
                    graph[module].add(candidate)
                    break
    # the package __init__ files re-export their modules; an edge into one means an edge into the stage
    state: dict[str, int] = {}
    cycle: list[str] = []

    def visit(m: str, trail: list[str]) -> bool:
        state[m] = 1
        for n in sorted(graph[m]):
            if n.startswith(m + "."):  # a package importing its own modules to re-export them
                continue
            if state.get(n) == 1:
                cycle.extend([*trail, m, n])
                return True
            if n not in state and visit(n, [*trail, m]):
                return True
        state[m] = 2
        return False

    for m in sorted(graph):
        if m not in state and visit(m, []):
            break
    assert not cycle, " -> ".join(cycle)
