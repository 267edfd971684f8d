#!/usr/bin/env python3
"""The security scanners behind `make security` (issue 7).

    scripts/security.py bandit       bandit over src/: every finding fixed or justified in
                                     security/bandit-justified.yaml, no stale justifications
    scripts/security.py pip-audit    known vulnerabilities in the locked dependencies

Exit status 1 on any unjustified finding; 2 when a scanner cannot run (said plainly).
"""

import json
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
JUSTIFIED = ROOT / "security" / "bandit-justified.yaml"


def _matches(entry: dict, finding: dict) -> bool:
    return (finding["filename"] == entry["file"] and finding["test_id"] == entry["test"]
            and entry.get("match", "") in finding["code"])


def bandit() -> int:
    rules = yaml.safe_load(JUSTIFIED.read_text(encoding="utf-8"))
    skips = ",".join(rules.get("skip", {}))
    run = subprocess.run([str(BIN / "bandit"), "-r", "src", "-q", "-f", "json", "--skip", skips],  # noqa: S603
                         cwd=ROOT, capture_output=True, text=True)
    if not run.stdout.strip():
        print(run.stderr, file=sys.stderr)
        return 2
    report = json.loads(run.stdout)
    entries = rules.get("findings", [])
    used = set()
    open_findings = []
    for finding in report["results"]:
        hits = [i for i, entry in enumerate(entries) if _matches(entry, finding)]
        used.update(hits)
        if not hits:
            open_findings.append(finding)
    for finding in open_findings:
        print(f"UNJUSTIFIED {finding['test_id']} ({finding['issue_severity']}) "
              f"{finding['filename']}:{finding['line_number']}: {finding['issue_text']}")
    stale = [entries[i] for i in range(len(entries)) if i not in used]
    for entry in stale:
        print(f"STALE justification (matches nothing now): {entry['file']} {entry['test']}")
    total = len(report["results"])
    print(f"bandit: {total} findings in {report['metrics']['_totals']['loc']} lines, "
          f"{total - len(open_findings)} justified in {JUSTIFIED.relative_to(ROOT)}, "
          f"{len(open_findings)} unjustified, {len(stale)} stale justifications; "
          f"skipped checks: {skips}")
    return 1 if open_findings or stale else 0


def pip_audit() -> int:
    if shutil.which("pip-audit", path=str(BIN)) is None:
        print("pip-audit is not installed (pip install pip-audit)", file=sys.stderr)
        return 2
    run = subprocess.run([str(BIN / "pip-audit"), "-r", "requirements.lock", "--no-deps",  # noqa: S603
                          "--disable-pip", "--progress-spinner", "off"],
                         cwd=ROOT, capture_output=True, text=True)
    print(run.stdout, end="")
    unaudited = [line for line in (run.stdout + run.stderr).splitlines() if "could not be audited" in line]
    if unaudited or "ConnectionError" in run.stderr:
        print(f"pip-audit could NOT check {len(unaudited) or 'the'} locked packages: no vulnerability "
              "database answered (PyPI's per-release JSON API or OSV). This check did not run; "
              "run `make security` where one is reachable.", file=sys.stderr)
        return 2
    print(run.stderr, end="", file=sys.stderr)
    return run.returncode


def main() -> int:
    actions = {"bandit": bandit, "pip-audit": pip_audit}
    if len(sys.argv) != 2 or sys.argv[1] not in actions:
        print(__doc__, file=sys.stderr)
        return 2
    return actions[sys.argv[1]]()


if __name__ == "__main__":
    sys.exit(main())
