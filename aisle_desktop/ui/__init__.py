"""The Qt window: panels that edit the plan, a worker that sizes it, views that show results."""
