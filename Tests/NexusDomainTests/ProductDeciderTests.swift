import NexusDomain
import NexusEvents
import Testing

@Suite("Product decider")
struct ProductDeciderTests {
    let tools = given(CategoryDecider.initialState, CategoryDecider.evolve, [
        .categoryCreated(CategoryCreated(slug: "tools", name: "Tools", parentSlug: nil)),
    ])
    let hammer = Fixture.product("HAM-1")

    func create(sku: String = "HAM-1", name: String = "Hammer", price: Money = Fixture.eur) -> ProductCommand {
        .create(sku: sku, name: name, description: "A hammer", price: price, categorySlug: "tools")
    }

    @Test func creatingAProductInAnExistingCategory() throws {
        let events = try ProductDecider.decide(create(), ProductDecider.initialState, category: tools)
        #expect(events == [.productCreated(ProductCreated(
            sku: "HAM-1", name: "Hammer", description: "A hammer", price: Fixture.eur, categorySlug: "tools"))])
        #expect(events.map(\.streamName) == ["product-HAM-1"])
    }

    @Test func anUnknownCategoryIsRejected() {
        expectRejection(.unknownReference, fields: ["categorySlug"]) { () throws(DomainError) in
            try ProductDecider.decide(create(), ProductDecider.initialState)
        }
    }

    @Test func aTakenSKUIsRejected() {
        expectRejection(.alreadyExists, fields: ["sku"]) { () throws(DomainError) in
            try ProductDecider.decide(create(), hammer, category: tools)
        }
    }

    @Test(arguments: [
        (Money(amountMinor: 0, currency: "EUR"), "price.amountMinor"),
        (Money(amountMinor: -5, currency: "EUR"), "price.amountMinor"),
        (Money(amountMinor: 1_000_000_001, currency: "EUR"), "price.amountMinor"),
        (Money(amountMinor: 100, currency: "EURO"), "price.currency"),
        (Money(amountMinor: 100, currency: "eur"), "price.currency"),
        (Money(amountMinor: 100, currency: "XXY"), "price.currency"),
    ])
    func absurdPricesAndBadCurrenciesAreRejected(price: Money, field: String) {
        expectRejection(.validationFailed, fields: [field]) { () throws(DomainError) in
            try ProductDecider.decide(create(price: price), ProductDecider.initialState, category: tools)
        }
    }

    @Test func badSKUsAndLongNamesAreRejectedTogether() {
        expectRejection(.validationFailed, fields: ["sku", "name"]) { () throws(DomainError) in
            try ProductDecider.decide(
                create(sku: "bad sku", name: String(repeating: "n", count: 201)), ProductDecider.initialState, category: tools)
        }
    }

    @Test func updatingEmitsOneEventPerChangedField() throws {
        let garden = given(CategoryDecider.initialState, CategoryDecider.evolve, [
            .categoryCreated(CategoryCreated(slug: "garden", name: "Garden", parentSlug: nil)),
        ])
        let newPrice = Money(amountMinor: 1500, currency: "EUR")
        let changes = ProductChanges(name: "Big hammer", description: "", price: newPrice, categorySlug: "garden")
        #expect(try ProductDecider.decide(.update(changes), hammer, category: garden) == [
            .productRenamed(ProductRenamed(sku: "HAM-1", name: "Big hammer")),
            .productPriceChanged(ProductPriceChanged(sku: "HAM-1", price: newPrice)),
            .productRecategorized(ProductRecategorized(sku: "HAM-1", categorySlug: "garden")),
        ])
        #expect(try ProductDecider.decide(.update(ProductChanges(description: "Steel")), hammer)
            == [.productDescriptionChanged(ProductDescriptionChanged(sku: "HAM-1", description: "Steel"))])
        #expect(try ProductDecider.decide(.update(ProductChanges(name: "Product HAM-1")), hammer) == [])
    }

    @Test func updateRejections() {
        expectRejection(.validationFailed, fields: ["body"]) { () throws(DomainError) in
            try ProductDecider.decide(.update(ProductChanges()), hammer)
        }
        expectRejection(.validationFailed, fields: ["price.currency"]) { () throws(DomainError) in
            try ProductDecider.decide(.update(ProductChanges(price: Money(amountMinor: 5, currency: "ZZZ"))), hammer)
        }
        expectRejection(.unknownReference, fields: ["categorySlug"]) { () throws(DomainError) in
            try ProductDecider.decide(.update(ProductChanges(categorySlug: "nowhere")), hammer)
        }
        expectRejection(.notFound) { () throws(DomainError) in
            try ProductDecider.decide(.update(ProductChanges(name: "X")), ProductDecider.initialState)
        }
        expectRejection(.invalidTransition) { () throws(DomainError) in
            try ProductDecider.decide(.update(ProductChanges(name: "X")), Fixture.product("OLD", discontinued: true))
        }
    }

    @Test func discontinuingOnce() throws {
        #expect(try ProductDecider.decide(.discontinue(at: Fixture.now), hammer)
            == [.productDiscontinued(ProductDiscontinued(sku: "HAM-1", discontinuedAt: Fixture.now))])
        expectRejection(.invalidTransition) { () throws(DomainError) in
            try ProductDecider.decide(.discontinue(at: Fixture.now), Fixture.product("OLD", discontinued: true))
        }
        expectRejection(.notFound) { () throws(DomainError) in
            try ProductDecider.decide(.discontinue(at: Fixture.now), ProductDecider.initialState)
        }
    }
}
