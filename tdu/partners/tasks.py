"""The task queue's side of the webhooks (the worker discovers this module)."""

from huey.contrib.djhuey import db_task

from tdu.partners import webhooks


@db_task()
def deliver_webhook(delivery_id):
    webhooks.attempt(delivery_id)
