"""What the parts of services/ share: people following a process, challenge or asset, to be told when it moves."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone


class Follow(models.Model):
    """A person following one thing (a co-design process, a challenge, an asset, a commissioning exercise)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "content_type", "object_id"],
                                               name="services_follow_once")]
        indexes = [models.Index(fields=["content_type", "object_id"], name="services_follow_target_idx")]

    def __str__(self) -> str:
        return f"{self.user} follows {self.content_type.model} {self.object_id}"
