import NexusDomain
import NexusEvents
import Testing

@Suite("Category decider")
struct CategoryDeciderTests {
    let home = given(CategoryDecider.initialState, CategoryDecider.evolve, [
        .categoryCreated(CategoryCreated(slug: "home", name: "Home", parentSlug: nil)),
    ])

    @Test func creatingATopLevelCategory() throws {
        let events = try CategoryDecider.decide(.create(slug: "home", name: "Home", parentSlug: nil), CategoryDecider.initialState)
        #expect(events == [.categoryCreated(CategoryCreated(slug: "home", name: "Home", parentSlug: nil))])
        #expect(events.map(\.streamName) == ["category-home"])
    }

    @Test func creatingBelowAnExistingParent() throws {
        let events = try CategoryDecider.decide(
            .create(slug: "kitchen", name: "Kitchen", parentSlug: "home"), CategoryDecider.initialState, parent: home)
        #expect(events == [.categoryCreated(CategoryCreated(slug: "kitchen", name: "Kitchen", parentSlug: "home"))])
    }

    @Test func anUnknownParentIsRejected() {
        expectRejection(.unknownReference, fields: ["parentSlug"]) { () throws(DomainError) in
            try CategoryDecider.decide(.create(slug: "kitchen", name: "Kitchen", parentSlug: "nope"), CategoryDecider.initialState)
        }
    }

    @Test func anExistingSlugIsRejected() {
        expectRejection(.alreadyExists, fields: ["slug"]) { () throws(DomainError) in
            try CategoryDecider.decide(.create(slug: "home", name: "Home", parentSlug: nil), home)
        }
    }

    @Test(arguments: ["", "Upper", "-lead", "sp ace", String(repeating: "a", count: 65)])
    func invalidSlugsAreRejected(slug: String) {
        expectRejection(.validationFailed, fields: ["slug"]) { () throws(DomainError) in
            try CategoryDecider.decide(.create(slug: slug, name: "X", parentSlug: nil), CategoryDecider.initialState)
        }
    }

    @Test func aCategoryCannotBeItsOwnParentAndNeedsAName() {
        expectRejection(.validationFailed, fields: ["parentSlug", "name"]) { () throws(DomainError) in
            try CategoryDecider.decide(.create(slug: "a", name: "", parentSlug: "a"), CategoryDecider.initialState)
        }
    }

    @Test func renaming() throws {
        #expect(try CategoryDecider.decide(.rename(name: "House"), home)
            == [.categoryRenamed(CategoryRenamed(slug: "home", name: "House"))])
        #expect(try CategoryDecider.decide(.rename(name: "Home"), home) == [])
        expectRejection(.validationFailed, fields: ["name"]) { () throws(DomainError) in
            try CategoryDecider.decide(.rename(name: " "), home)
        }
        expectRejection(.notFound) { () throws(DomainError) in
            try CategoryDecider.decide(.rename(name: "House"), CategoryDecider.initialState)
        }
    }
}
