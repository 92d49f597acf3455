#ifndef NEXUS_CRDKAFKA_SHIM_H
#define NEXUS_CRDKAFKA_SHIM_H
// rdkafka_mock.h depends on declarations from rdkafka.h, so the order matters.
#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>
#endif
