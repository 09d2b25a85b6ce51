"""Celery tasks that send notification deliveries, one task per delivery, each idempotent."""

from celery import shared_task

from .services import TransientDeliveryError, delivery_send

MAX_RETRIES = 6


@shared_task(
    bind=True,
    autoretry_for=(TransientDeliveryError,),
    retry_backoff=True,
    retry_backoff_max=15 * 60,
    retry_jitter=True,
    max_retries=MAX_RETRIES,
    acks_late=True,
)
def deliver(self, delivery_id: int) -> str | None:
    """Send the delivery `delivery_id`; a delivery already sent is left alone."""
    delivery = delivery_send(delivery_id=delivery_id, final_attempt=self.request.retries >= self.max_retries)
    return delivery.status if delivery is not None else None
