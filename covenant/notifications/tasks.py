"""Celery tasks that send notification deliveries, one task per delivery, each idempotent."""

from celery import shared_task
from django.db import OperationalError

from .services import (
    RETRY_BACKOFF_MAX_SECONDS,
    TransientDeliveryError,
    deliveries_requeue_pending,
    delivery_send,
)

MAX_RETRIES = 6


@shared_task(
    bind=True,
    autoretry_for=(TransientDeliveryError,),
    retry_backoff=True,
    retry_backoff_max=RETRY_BACKOFF_MAX_SECONDS,
    retry_jitter=True,
    max_retries=MAX_RETRIES,
    acks_late=True,
)
def deliver(self, delivery_id: int) -> str | None:
    """Send the delivery `delivery_id`; a delivery already sent is left alone."""
    delivery = delivery_send(delivery_id=delivery_id, final_attempt=self.request.retries >= self.max_retries)
    return delivery.status if delivery is not None else None


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=3, acks_late=True)
def deliveries_requeue_pending_task() -> int:
    """The periodic sweep: send the deliveries whose task was lost (the broker down when they were made)."""
    return len(deliveries_requeue_pending())
