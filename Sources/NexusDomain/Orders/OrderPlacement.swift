import Foundation
import NexusEvents

/// Placing an order: validate the lines, price them from the products, and reserve every line
/// or name each short line.
enum OrderPlacement {
    static func decide(
        orderId: UUID, customerId: UUID, lines: [RequestedLine], at: Date, context: OrderContext
    ) throws(DomainError) -> [NexusEvent] {
        try validate(lines)
        try OrderCustomer.require(context.customer)
        let priced = try price(lines, context: context)
        var short: [FieldError] = []
        for (index, line) in lines.enumerated() {
            let available = context.inventory[line.sku]?.available ?? 0
            if line.quantity > available {
                short.append(FieldError(
                    field: "lines[\(index)].quantity", code: "insufficient_stock",
                    message: "\(line.sku): requested \(line.quantity), available \(available)"))
            }
        }
        guard short.isEmpty else {
            throw DomainError(.insufficientStock, "not enough stock for \(short.count) line(s)", details: short)
        }
        let total = try sum(priced)
        return [.orderPlaced(OrderPlaced(orderId: orderId, customerId: customerId, lines: priced, total: total, placedAt: at))]
            + priced.map { .stockReserved(StockReserved(sku: $0.sku, orderId: orderId, quantity: $0.quantity)) }
    }

    private static func validate(_ lines: [RequestedLine]) throws(DomainError) {
        var validator = Validator()
        if lines.isEmpty { validator.fail("lines", "empty", "must have at least one line") }
        if lines.count > Validator.Limits.orderLines {
            validator.fail("lines", "too_many", "must have at most \(Validator.Limits.orderLines) lines")
        }
        var seen: Set<String> = []
        for (index, line) in lines.enumerated() {
            validator.sku(line.sku, field: "lines[\(index)].sku")
            validator.quantity(line.quantity, field: "lines[\(index)].quantity")
            if !seen.insert(line.sku).inserted {
                validator.fail("lines[\(index)].sku", "duplicate", "each SKU may appear in one line only")
            }
        }
        try validator.check()
    }

    private static func price(_ lines: [RequestedLine], context: OrderContext) throws(DomainError) -> [OrderLine] {
        var problems: [FieldError] = []
        var priced: [OrderLine] = []
        for (index, line) in lines.enumerated() {
            guard let product = context.products[line.sku], product.exists else {
                problems.append(FieldError(field: "lines[\(index)].sku", code: "unknown", message: "no such product"))
                continue
            }
            if product.isDiscontinued {
                problems.append(FieldError(field: "lines[\(index)].sku", code: "discontinued", message: "is discontinued"))
            }
            priced.append(OrderLine(sku: line.sku, quantity: line.quantity, unitPrice: product.price))
        }
        guard problems.isEmpty else {
            throw DomainError(.unknownReference, "some lines cannot be ordered", details: problems)
        }
        if Set(priced.map(\.unitPrice.currency)).count > 1 {
            throw DomainError(.validationFailed, "all lines must be priced in one currency", details: [
                FieldError(field: "lines", code: "mixed_currencies", message: "products are priced in different currencies"),
            ])
        }
        return priced
    }

    private static func sum(_ lines: [OrderLine]) throws(DomainError) -> Money {
        var total: Int64 = 0
        for line in lines {
            let (lineTotal, overflow1) = line.unitPrice.amountMinor.multipliedReportingOverflow(by: Int64(line.quantity))
            let (next, overflow2) = total.addingReportingOverflow(lineTotal)
            guard !overflow1, !overflow2 else {
                throw DomainError(.validationFailed, "the order total is too large", details: [
                    FieldError(field: "lines", code: "total_overflow", message: "the total does not fit in 64 bits"),
                ])
            }
            total = next
        }
        return Money(amountMinor: total, currency: lines.first?.unitPrice.currency ?? "")
    }
}
