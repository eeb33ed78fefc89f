"""Run every benchmark: each bench/<name>.py that defines run(), in its own
process (each sets up Django with its own database). `python -m bench NAME...`
runs only those. A module that sets `USES_SHARED_SETUP = True` gets the
temporary SQLite database of bench/setup_db.py prepared before run().

run() returns ``(lines, ok)``: the lines to report and whether every target
was met. A missed target makes the command exit non-zero (1), so a
regression cannot pass unseen; so does a benchmark that fails."""

import ast
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).parent


def benchmark_modules():
    for path in sorted(HERE.glob("*.py")):
        if path.name.startswith("_"):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        if any(isinstance(node, ast.FunctionDef) and node.name == "run" for node in tree.body):
            yield path.stem


def main(argv):
    wanted = set(argv)
    failed = []
    for name in benchmark_modules():
        if wanted and name not in wanted:
            continue
        print(f"== bench.{name} ==", flush=True)
        code = (
            f"import bench.{name} as m\n"
            "if getattr(m, 'USES_SHARED_SETUP', False):\n"
            "    from bench.setup_db import configure, migrate; print('database:', configure()); migrate()\n"
            "lines, ok = m.run()\n"
            "print('\\n'.join(lines))\n"
            "raise SystemExit(0 if ok else 1)"
        )
        if subprocess.run([sys.executable, "-c", code], cwd=HERE.parent).returncode != 0:
            failed.append(name)
    if failed:
        print("target missed or benchmark failed: " + ", ".join(failed))
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
