"""Sample lists bundled with dutygraph (the 广安区 demo region and built fixtures); see README.md here."""
from pathlib import Path

SAMPLES_DIR = Path(__file__).resolve().parent
