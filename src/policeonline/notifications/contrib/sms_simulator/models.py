from django.db import models


class SimulatedSms(models.Model):
    phone = models.CharField(max_length=20)
    text = models.TextField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-sent_at", "-id"]
        verbose_name = "simulated SMS"

    def __str__(self):
        return f"SMS {self.pk}"
