"""What orders tell the apps beside them, without importing them.

`order_delivered(sender=Order, order=order, actor=user)` is sent inside the delivering
transaction, after the order has moved; a receiver's writes commit or roll back with it.
"""

from django.dispatch import Signal

order_delivered = Signal()
