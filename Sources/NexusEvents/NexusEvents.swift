// The NexusEvents module. Its contents land with the issue that builds it.
