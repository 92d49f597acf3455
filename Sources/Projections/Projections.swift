// The Projections module. Its contents land with the issue that builds it.
