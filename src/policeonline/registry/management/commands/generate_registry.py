import io

from django.core.management.base import BaseCommand, CommandError

from policeonline.registry.generation import GenerationRefused, generate


class Command(BaseCommand):
    help = ("Fill the intranet registries with a deterministic synthetic population plus the "
            "fixed demo people (idempotent for the same seed and count).")

    def add_arguments(self, parser):
        parser.add_argument("--persons", type=int, default=10_000,
                            help="synthetic persons, besides the demo people (default 10000)")
        parser.add_argument("--seed", type=int, default=2026, help="random seed (default 2026)")
        parser.add_argument("--replace", action="store_true",
                            help="empty the registries first if they hold another generation")
        parser.add_argument("--batch-size", type=int, default=20_000,
                            help="persons per transaction (default 20000)")

    def handle(self, *args, persons, seed, replace, batch_size, verbosity, **options):
        if persons < 0 or batch_size < 1:
            raise CommandError("--persons must be ≥ 0 and --batch-size ≥ 1.")
        # The raw stream: the progress line rewrites itself with \r on a terminal.
        stream = self.stderr._out if verbosity else io.StringIO()
        try:
            generation, created = generate(persons, seed, replace=replace, batch_size=batch_size,
                                           progress_stream=stream)
        except GenerationRefused as exc:
            raise CommandError(f"{exc} Nothing changed; --replace empties the registries and "
                               "generates anew.") from None
        # Time the filling only: emptying a previous generation can take minutes.
        seconds = (generation.finished_at - generation.started_at).total_seconds()
        summary = (f"seed {generation.seed}: {generation.persons:,} persons (+ demo people), "
                   f"{generation.households:,} households, {generation.vehicles:,} vehicles, "
                   f"{generation.drivers:,} drivers, {generation.criminal_records:,} criminal "
                   f"records, {generation.wanted_persons:,} wanted persons")
        if created:
            rate = persons / seconds if seconds else 0
            self.stdout.write(f"Registry generated, {summary}, in {seconds:.1f} s ({rate:,.0f} persons/s).")
        else:
            self.stdout.write(f"Registry already holds this generation ({summary}); nothing to do.")
