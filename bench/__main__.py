"""Run every benchmark: each bench/<name>.py that defines run(), in its own
process (each sets up Django with its own database). `python -m bench NAME...`
runs only those. A module that sets `USES_SHARED_SETUP = True` gets the
temporary SQLite database of bench/setup_db.py prepared before run()."""

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
        # run() returns the lines to report (or an exit status).
        code = (
            f"import bench.{name} as m\n"
            "if getattr(m, 'USES_SHARED_SETUP', False):\n"
            "    from bench.setup_db import configure, migrate; print('database:', configure()); migrate()\n"
            "r = m.run(); "
            "print('\\n'.join(r)) if isinstance(r, list) else None; "
            "raise SystemExit(0 if isinstance(r, list) else (r or 0))"
        )
        if subprocess.run([sys.executable, "-c", code], cwd=HERE.parent).returncode != 0:
            failed.append(name)
    if failed:
        print("failed: " + ", ".join(failed))
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
