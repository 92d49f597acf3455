#ifndef NEXUS_CRDKAFKA_SHIM_H
#define NEXUS_CRDKAFKA_SHIM_H
// rdkafka_mock.h depends on declarations from rdkafka.h, so the order matters.
#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

// rd_kafka_mock_broker_push_request_error_rtts is variadic, which Swift cannot call: one entry,
// no error, the answer delayed by rtt_ms.
static inline rd_kafka_resp_err_t nexus_mock_delay_next_answer(
    rd_kafka_mock_cluster_t *mcluster, int32_t broker_id, int16_t api_key, int rtt_ms) {
    return rd_kafka_mock_broker_push_request_error_rtts(mcluster, broker_id, api_key, 1, RD_KAFKA_RESP_ERR_NO_ERROR, rtt_ms);
}
#endif
