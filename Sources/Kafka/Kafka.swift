// The Kafka module. Its contents land with the issue that builds it.
