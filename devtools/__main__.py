"""``python -m devtools``, which ``scripts/develop`` runs."""

import sys

from .develop import main

sys.exit(main())
