"""Back up both zones, let the exchange run on, restore one zone and then the other from
those backups into fresh databases: the exchange resumes without loss or duplication
(ADR 0033).

Both zones run as processes (two exchange workers and a misbehaving ferry: duplicates,
reordering, drops). Probe envelopes cross in both directions in phases: a, then both zones
are backed up (online), b, the intranet is restored, c, the internet is restored, d.
After each restore every probe that the sender's database still has was applied exactly
once by the receiver's database:

- the probes the restored zone had applied after its backup are gone from its database: the
  other zone sends them again although they had been acknowledged;
- the probes the restored zone had sent after its backup were applied by the other zone, but
  the restored database no longer knows their sequence numbers: its new envelopes must not
  re-use them (they would be refused as a sequence conflict — lost).

SQLite in the SQLite pass; a private PostgreSQL cluster in the PostgreSQL pass.
"""

import signal
import subprocess
import time

import pytest

from tests.system.conftest import on_postgresql_pass
from tests.system.zones import Zones

pytestmark = pytest.mark.slow
PER_PHASE = 20
SETTLE_SECONDS = 180  # a cap: settle() returns as soon as both sides are done
ZONES = ("internet", "intranet")


@pytest.fixture(params=["sqlite", "postgresql"])
def zones(request, tmp_path):
    if request.param == "sqlite":
        if on_postgresql_pass():
            pytest.skip("the SQLite variant runs in the SQLite pass")
        return Zones(tmp_path, pg="")
    if not on_postgresql_pass():
        pytest.skip("the PostgreSQL variant runs in the PostgreSQL pass (DATABASE_URL=postgres://…), "
                    "on a private cluster")
    return Zones(tmp_path, pg=request.getfixturevalue("private_cluster").url())


def test_restored_zones_resume_the_exchange_without_loss_or_duplication(zones, tmp_path):
    zones.prepare()
    with running(zones):
        probe(zones, "a")
        settle(zones, {"internet": "a", "intranet": "a"})
        for zone in ZONES:  # online, while the exchange runs
            zones.manage(zone, "backup", str(tmp_path / f"{zone}.backup"))
        probe(zones, "b")
        settle(zones, {"internet": "ab", "intranet": "ab"})

    # Over a database in use: refused, nothing changed.
    with pytest.raises(subprocess.CalledProcessError) as refused:
        zones.manage("intranet", "restore", str(tmp_path / "intranet.backup"), text=True)
    assert "is not empty" in refused.value.stderr and "restore into a fresh database" in refused.value.stderr
    restore(zones, "intranet", tmp_path)
    probe(zones, "c")  # before the processes start: the restored numbering from the first one
    with running(zones):
        # received by ← sent by: phases
        settle(zones, {"internet": "abc", "intranet": "abc"}, restored="intranet")
    check(zones, {"internet": "abc", "intranet": "abc"})

    restore(zones, "internet", tmp_path)  # from the same early backup: it lost b and c
    probe(zones, "d")
    with running(zones):
        settle(zones, {"internet": "acd", "intranet": "abcd"}, restored="internet")
    # The internet zone gets c again; b is in neither database any more (the intranet's
    # restore lost it). The intranet has the internet's b and c (applied before the restore)
    # and d, whose numbers must not collide with them.
    check(zones, {"internet": "acd", "intranet": "abcd"})


def restore(zones: Zones, zone: str, tmp_path) -> None:
    zones.fresh_database(zone)
    try:
        out = zones.manage(zone, "restore", str(tmp_path / f"{zone}.backup"), text=True).stdout
    except subprocess.CalledProcessError as failed:
        raise AssertionError(f"restore failed: {failed.stderr[-3000:]}") from None
    assert "Exchange marked restored" in out, out


def probe(zones: Zones, phase: str) -> None:
    for zone in ZONES:
        zones.manage(zone, "exchange", "probe", "--count", str(PER_PHASE), "--label", f"{phase}-{zone}")


class running:
    """Both exchange workers and a misbehaving ferry, stopped on leaving."""

    def __init__(self, zones: Zones):
        self.zones = zones

    def __enter__(self):
        self.processes = [self.zones.start(role) for role in ("internet", "intranet", "ferry")]

    def __exit__(self, *exc):
        for process in self.processes:
            process.send_signal(signal.SIGTERM)
        for process in self.processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def sender_of(zone: str) -> str:
    return "intranet" if zone == "internet" else "internet"


def expected(receiver: str, phases: str) -> set[str]:
    return {f"{phase}-{sender_of(receiver)}-{n}" for phase in phases for n in range(PER_PHASE)}


def receipts(zones: Zones, zone: str) -> dict[str, int]:
    return dict(zones.query(zone, "SELECT label, COUNT(*) FROM exchange_probereceipt GROUP BY label"))


def unacked(zones: Zones, zone: str) -> int:
    return zones.query(zone, "SELECT COUNT(*) FROM exchange_outboxentry e JOIN exchange_outgoingstream s "
                             "ON s.id = e.stream_id WHERE s.name <> 'control' AND e.acked_at IS NULL")[0][0]


def pending_resync(zones: Zones, zone: str) -> int:
    return zones.query(zone, "SELECT COUNT(*) FROM exchange_resync WHERE done_at IS NULL")[0][0]


def settle(zones: Zones, want: dict[str, str], restored: str | None = None) -> None:
    """Until each zone has applied the probes expected, nothing is unacknowledged and the
    restore handshake is done (the assertions after say what is missing if not)."""
    started = time.monotonic()
    while time.monotonic() - started < SETTLE_SECONDS:
        if all(expected(zone, want[zone]) <= set(receipts(zones, zone)) and
               unacked(zones, zone) == 0 and pending_resync(zones, zone) == 0 for zone in ZONES):
            print(f"settled {want} in {time.monotonic() - started:.1f} s")
            return
        time.sleep(0.3)


def check(zones: Zones, want: dict[str, str]) -> None:
    for zone in ZONES:
        counts = receipts(zones, zone)
        missing = sorted(expected(zone, want[zone]) - set(counts))
        assert not missing, f"the {zone} zone never applied {len(missing)} probes: {missing[:5]}"
        twice = sorted(label for label, n in counts.items() if n > 1)
        assert not twice, f"the {zone} zone applied probes twice: {twice[:5]}"
        assert set(counts) == expected(zone, want[zone])
        refused = zones.query(zone, "SELECT reason, COUNT(*) FROM exchange_quarantinedenvelope WHERE "
                                    "reason IN ('sequence_conflict', 'stale_sequence') GROUP BY reason")
        assert not refused, f"the {zone} zone refused envelopes for their numbers: {refused}"
        assert unacked(zones, zone) == 0, f"the {zone} zone has unacknowledged envelopes"
        assert pending_resync(zones, zone) == 0, f"the {zone} zone's restore handshake is not done"
