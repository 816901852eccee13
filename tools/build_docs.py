"""Build the documentation site into site/ with warnings as errors (``mkdocs build --strict``).

    python -m pip install -e '.[docs]' && python tools/build_docs.py

``SYMFLOW_VERIFY_JSON=path`` shows computed verdicts in the claim catalogue (the output of ``symflow verify --json``);
without it the catalogue lists the claims and their expected verdicts without running them.
``SYMFLOW_DOCS_NO_FIGURES=1`` skips drawing the gallery's figures.
"""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

if __name__ == "__main__":
    path = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
    env = {**os.environ, "MPLBACKEND": "Agg", "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": path}
    sys.exit(subprocess.call([sys.executable, "-m", "mkdocs", "build", "--strict", *sys.argv[1:]], cwd=ROOT,
                             env=env))
