"""Events the applications app announces to the apps above it (reviews places a submitted application in its queue).

Sent inside the transaction of the service that causes them, so a receiver's writes commit or roll back with it.
"""

from django.dispatch import Signal

# kwargs: application, actor, resubmission (bool: it had been returned for revision before)
application_submitted = Signal()
# kwargs: application, actor
application_withdrawn = Signal()
