import Foundation
import NexusTestSupport
import PostgresNIO
import Testing

/// Payment deadlines through the real binary: the HTTP API, PostgreSQL, the Kafka-protocol
/// broker and `nexus worker` processes.
@Suite("Unpaid orders are cancelled at their payment deadline")
struct PaymentDeadlineTests {
    @Test("an unpaid order is cancelled by the system and its stock is available again; a paid one is left alone")
    func unpaidOrdersAreCancelled() async throws {
        let shop = try await Shop.start("cli_deadline")
        let worker = try shop.worker(["NEXUS_ORDER_PAYMENT_TIMEOUT": "4s", "NEXUS_JOB_POLL_INTERVAL": "100ms"])
        let unpaid = try await shop.placeOrder(3)
        let paid = try await shop.placeOrder(2)
        try await shop.pay(paid, quantity: 2)

        try await TestServices.eventually(within: .seconds(90)) {
            let status = try await shop.status(unpaid)
            let available = try await shop.available()
            return status == "cancelled" && available == Shop.stock - 2
        }
        try await TestServices.eventually(within: .seconds(30)) { try await shop.job(order: paid)?.state == "done" }
        #expect(try await shop.status(paid) == "paid")
        let cancelled = try await shop.events("OrderCancelled", order: unpaid)
        #expect(cancelled.count == 1)
        #expect(cancelled.first?.reason == "payment-timeout")
        #expect(cancelled.first?.actor == "system")
        #expect(try await shop.events("StockReservationReleased", order: unpaid).count == 1)
        #expect(try await shop.events("OrderCancelled", order: paid).isEmpty)
        #expect(try await shop.job(order: unpaid)?.outcome == nil)
        #expect(try await shop.job(order: paid)?.outcome == "the order is paid")
        let metrics = try await Shop.request(shop.base + "/metrics").text
        #expect(metrics.contains(#"nexus_jobs{kind="order.payment-deadline",state="dead"} 0"#), "\(metrics)")
        let status = try await NexusBinary.run(["jobs", "status"], databaseURL: shop.database.url)
        #expect(status.status == 0, "\(status.stderr)")
        #expect(status.stdout.contains("no jobs waiting, running or dead"), "\(status.stdout)")
        #expect(await worker.stop(signal: SIGTERM) == 0, "\(worker.output)")
        #expect(await shop.stop() == [0, 0])
    }

    @Test("a worker SIGKILLed while cancelling: the job runs again once its claim expires and the order is cancelled exactly once")
    func killedWorkerMidRun() async throws {
        let shop = try await Shop.start("cli_deadline_kill")
        let environment: [String: String?] = [
            "NEXUS_ORDER_PAYMENT_TIMEOUT": "3s", "NEXUS_JOB_CLAIM_LEASE": "2s", "NEXUS_JOB_POLL_INTERVAL": "100ms",
        ]
        let first = try shop.worker(environment)
        let order = try await shop.placeOrder(4)
        // Before the deadline, appends are made to wait behind this lock: the first worker's
        // cancellation is claimed and running, blocked in its append, when the worker is killed.
        try await TestDatabase.withClient(shop.database.superuserConfiguration) { client in
            try await client.withConnection { connection in
                try await connection.query("BEGIN")
                try await connection.query("LOCK TABLE events IN EXCLUSIVE MODE")
                try await TestServices.eventually(within: .seconds(90)) { try await shop.job(order: order)?.state == "running" }
                let claimedBy = try #require(try await shop.job(order: order)?.claimedBy)
                #expect(await first.stop(signal: SIGKILL) == SIGKILL)
                try await connection.query("COMMIT")

                let second = try shop.worker(environment)
                try await TestServices.eventually(within: .seconds(60)) { try await shop.job(order: order)?.state == "done" }
                let job = try #require(try await shop.job(order: order))
                #expect(job.attempts == 2, "the job ran again after the claim of \(claimedBy) expired")
                try await TestServices.eventually(within: .seconds(30)) {
                    let status = try await shop.status(order)
                    let available = try await shop.available()
                    return status == "cancelled" && available == Shop.stock
                }
                #expect(try await shop.events("OrderCancelled", order: order).count == 1)
                #expect(try await shop.events("StockReservationReleased", order: order).count == 1)
                #expect(await second.stop(signal: SIGTERM) == 0, "\(second.output)")
            }
        }
        #expect(await shop.stop() == [0, 0])
    }

    @Test("nexus worker refuses a payment timeout, claim lease or concurrency out of range before it starts")
    func workerRefusesBadSettings() async throws {
        for arguments in [
            ["--order-payment-timeout", "0s"], ["--order-payment-timeout", "-5m"], ["--order-payment-timeout", "99999999999h"],
            ["--order-payment-timeout", "30 minutes"], ["--job-claim-lease", "500ms"], ["--job-concurrency", "0"],
        ] {
            let result = try await NexusBinary.run(["worker"] + arguments, databaseURL: "postgres://nexus:nexus@127.0.0.1:1/none")
            #expect(result.status != 0)
            #expect(result.stderr.contains(arguments[0]), "\(arguments): \(result.stderr)")
        }
    }
}
