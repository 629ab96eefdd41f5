"""The shipped resolution tables are what their sources give today: rebuild them and compare."""

import gzip
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))

import build_resolve_tables  # noqa: E402

from threadline.resolve import cantonese, places  # noqa: E402


def test_shipped_tables_equal_a_fresh_build():
    for name, built in build_resolve_tables.tables().items():
        shipped = json.loads(gzip.decompress((ROOT / "threadline/resolve" / name).read_bytes()))
        assert shipped == json.loads(json.dumps(built)), f"{name} is stale: run scripts/build_resolve_tables.py"


def test_lookups_read_the_shipped_tables():
    assert places.place("milano") == places.place("milan") is not None
    assert places.city_country(places.place("lisbon")) == "PT"
    assert cantonese.jyutping("陳") == "can"
    assert "chen" in cantonese.pinyin_of_spelling("chan")


def test_latin_names_resolve_without_loading_pypinyin():
    """pypinyin's phrase dictionary costs 40 MiB per process: only a name in Han characters may load it."""
    import subprocess

    code = (
        "import sys\n"
        "from threadline.resolve.normalise import org_tokens\n"
        "from threadline.resolve.romanise import pinyin_syllables\n"
        "from threadline.resolve.compare import Record, compare\n"
        "assert 'hometown' in ' '.join(org_tokens('Qingtian Tongxianghui')), org_tokens('Qingtian Tongxianghui')\n"
        "assert 'zhang' in pinyin_syllables()\n"
        "assert 'pypinyin' not in sys.modules, 'pypinyin was loaded'\n"
        "print(org_tokens('青田同乡会'))\n"
        "assert 'pypinyin' in sys.modules\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert run.returncode == 0, run.stderr


def test_latin_person_names_of_every_system_compare_without_pypinyin():
    """Hokkien, Hong Kong, joined family names and titles are read from shipped tables, not from pypinyin or OpenCC."""
    import subprocess

    code = (
        "import sys\n"
        "from threadline.resolve.persons import compare_person_names as c\n"
        "assert c('Ng Eng Hen', 'Huang Yonghong')[0] >= 0.9\n"
        "assert c('Szeto Wah', 'Situ Hua')[0] >= 0.9 and c('Chan Ka-lok', 'Chen Jiale')[0] >= 0.9\n"
        "assert c('Chinese President Xi Jinping', 'Xi Jinping')[0] >= 0.9\n"
        "assert 'pypinyin' not in sys.modules, 'pypinyin was loaded'\n"
        "assert 'opencc' not in sys.modules, 'OpenCC was loaded'  # 26 MiB of converters for Latin names\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert run.returncode == 0, run.stderr
