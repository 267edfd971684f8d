from django.db import models


class JobState(models.Model):
    """When each job last ran in this zone. The conditional update of ``started_at`` is the
    claim: of several schedulers, exactly one runs a due job."""

    name = models.CharField(max_length=80, primary_key=True)
    started_at = models.DateTimeField(null=True)
    finished_at = models.DateTimeField(null=True)
    ok = models.BooleanField(null=True)
    succeeded_at = models.DateTimeField(null=True)  # last run that finished without error
    summary = models.CharField(max_length=500, blank=True)
    runs = models.PositiveIntegerField(default=0)
    failures = models.PositiveIntegerField(default=0)

    def __str__(self):
        return self.name
