"""The Qt window: panels that edit the plan, a worker that sizes it, views that show results."""

from aisle_desktop.ui.refcount_guard import protect_singletons

# Before any PySide6 call can drain None's reference count (see refcount_guard).
protect_singletons()
