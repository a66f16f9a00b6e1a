from microposts.core.jobs import PRIORITY, job_task


@job_task(queue=PRIORITY)
def mention_emails_task(*, post_id: int) -> None:
    """notifications_for_post records this job with a post that names users."""
    # Imported here: posts.services imports this app's services, which record this task.
    from microposts.notifications.emails import mention_emails_send  # noqa: PLC0415

    mention_emails_send(post_id=post_id)
