import EventStorePostgres
public import Logging
import NexusEvents
public import PostgresNIO

extension CategoriesProjection {
    /// The final change of one category within a batch.
    struct CategoryChange {
        var created = false
        var name = ""
        var parentSlug: String?
        var version: Int64 = 0
        var at: Int64 = 0
    }

    /// The final change of one product's membership within a batch.
    struct MembershipChange {
        /// How `previous_slug` ends up.
        enum Previous: Int32 {
            case unchanged = 0, value = 1, slugBeforeBatch = 2, null = 3
        }

        var created = false
        /// The product's slug when set in this batch.
        var slug: String?
        var previous = Previous.unchanged
        var previousSlug = ""
        var active: Bool?

        /// The product leaves its current slug (recategorized or discontinued).
        mutating func leave() {
            if let slug {
                (previous, previousSlug) = (.value, slug)
            } else {
                previous = .slugBeforeBatch
            }
        }
    }

    /// Folds the batch per product and per category, writes the memberships and categories with a
    /// few multi-row statements, then recounts every category a product joined or left.
    public func apply(_ events: [ProjectionEvent], on connection: PostgresConnection, logger: Logger) async throws {
        var slugs: [String] = []
        var categories: [String: CategoryChange] = [:]
        var skus: [String] = []
        var memberships: [String: MembershipChange] = [:]
        var recount: Set<String> = []
        for event in events {
            switch event.event {
            case .categoryCreated(let e):
                if categories[e.slug] == nil { slugs.append(e.slug) }
                categories[e.slug] = CategoryChange(created: true, name: e.name, parentSlug: e.parentSlug, version: event.version, at: event.at)
            case .categoryRenamed(let e):
                if categories[e.slug] == nil { slugs.append(e.slug) }
                var change = categories[e.slug] ?? CategoryChange()
                (change.name, change.version, change.at) = (e.name, event.version, event.at)
                categories[e.slug] = change
            case .productCreated(let e):
                if memberships[e.sku] == nil { skus.append(e.sku) }
                memberships[e.sku] = MembershipChange(created: true, slug: e.categorySlug, previous: .null, active: true)
                recount.insert(e.categorySlug)
            case .productRecategorized(let e):
                if memberships[e.sku] == nil { skus.append(e.sku) }
                var change = memberships[e.sku] ?? MembershipChange()
                change.leave()
                change.slug = e.categorySlug
                memberships[e.sku] = change
                recount.insert(e.categorySlug)
            case .productDiscontinued(let e):
                if memberships[e.sku] == nil { skus.append(e.sku) }
                var change = memberships[e.sku] ?? MembershipChange()
                change.leave()
                change.active = false
                memberships[e.sku] = change
            default:
                continue
            }
        }
        if !skus.isEmpty {
            try await writeMemberships(skus, skus.compactMap { memberships[$0] }, recount: &recount, on: connection, logger: logger)
        }
        if !slugs.isEmpty {
            try await writeCategories(slugs, slugs.compactMap { categories[$0] }, on: connection, logger: logger)
        }
        guard !recount.isEmpty else { return }
        try await connection.queryIfOpen(
            """
            UPDATE categories c
               SET active_product_count = (SELECT count(*) FROM categories_products p WHERE p.slug = c.slug AND p.active)
             WHERE c.slug = ANY(\(Array(recount))::text[])
            """,
            logger: logger
        )
    }

    /// Inserts the products created in the batch and updates the others; adds to `recount` the
    /// slugs the updated products had before the batch.
    private func writeMemberships(
        _ skus: [String], _ changes: [MembershipChange], recount: inout Set<String>, on connection: PostgresConnection, logger: Logger
    ) async throws {
        let created = changes.indices.filter { changes[$0].created }
        let updated = changes.indices.filter { !changes[$0].created }
        if !updated.isEmpty {
            let names = updated.map { skus[$0] }
            let rows = try await connection.queryIfOpen("SELECT slug FROM categories_products WHERE sku = ANY(\(names)::text[])", logger: logger)
            for try await slug in rows.decode(String.self) { recount.insert(slug) }
            var slug = OptionalColumn(placeholder: "")
            var active = OptionalColumn(placeholder: false)
            for index in updated {
                slug.append(changes[index].slug)
                active.append(changes[index].active)
            }
            try await connection.queryIfOpen(
                """
                UPDATE categories_products c
                   SET previous_slug = CASE u.previous WHEN 1 THEN u.previous_slug WHEN 2 THEN c.slug WHEN 3 THEN NULL ELSE c.previous_slug END,
                       slug = CASE WHEN u.has_slug THEN u.slug ELSE c.slug END,
                       active = CASE WHEN u.has_active THEN u.active ELSE c.active END
                  FROM unnest(\(names)::text[], \(updated.map { changes[$0].previous.rawValue })::int4[],
                              \(updated.map { changes[$0].previousSlug })::text[], \(slug.isSet)::bool[], \(slug.values)::text[],
                              \(active.isSet)::bool[], \(active.values)::bool[])
                       AS u(sku, previous, previous_slug, has_slug, slug, has_active, active)
                 WHERE c.sku = u.sku
                """,
                logger: logger
            )
        }
        guard !created.isEmpty else { return }
        try await connection.queryIfOpen(
            """
            INSERT INTO categories_products (sku, slug, previous_slug, active)
            SELECT u.sku, u.slug, CASE WHEN u.has_previous THEN u.previous_slug END, u.active
              FROM unnest(\(created.map { skus[$0] })::text[], \(created.map { changes[$0].slug ?? "" })::text[],
                          \(created.map { changes[$0].previous == .value })::bool[], \(created.map { changes[$0].previousSlug })::text[],
                          \(created.map { changes[$0].active ?? true })::bool[])
                   AS u(sku, slug, has_previous, previous_slug, active)
            """,
            logger: logger
        )
    }

    /// Inserts the categories created in the batch (counting their products) and renames the others.
    private func writeCategories(_ slugs: [String], _ changes: [CategoryChange], on connection: PostgresConnection, logger: Logger) async throws {
        let created = changes.indices.filter { changes[$0].created }
        let renamed = changes.indices.filter { !changes[$0].created }
        if !created.isEmpty {
            var parent = OptionalColumn(placeholder: "")
            for index in created { parent.append(changes[index].parentSlug) }
            try await connection.queryIfOpen(
                """
                INSERT INTO categories (slug, name, parent_slug, active_product_count, version, updated_at)
                SELECT u.slug, u.name, CASE WHEN u.has_parent THEN u.parent_slug END,
                       (SELECT count(*) FROM categories_products p WHERE p.slug = u.slug AND p.active),
                       u.version, timestamptz 'epoch' + u.at * interval '1 millisecond'
                  FROM unnest(\(created.map { slugs[$0] })::text[], \(created.map { changes[$0].name })::text[],
                              \(parent.isSet)::bool[], \(parent.values)::text[],
                              \(created.map { changes[$0].version })::int8[], \(created.map { changes[$0].at })::int8[])
                       AS u(slug, name, has_parent, parent_slug, version, at)
                """,
                logger: logger
            )
        }
        guard !renamed.isEmpty else { return }
        try await connection.queryIfOpen(
            """
            UPDATE categories c SET name = u.name, version = u.version, updated_at = timestamptz 'epoch' + u.at * interval '1 millisecond'
              FROM unnest(\(renamed.map { slugs[$0] })::text[], \(renamed.map { changes[$0].name })::text[],
                          \(renamed.map { changes[$0].version })::int8[], \(renamed.map { changes[$0].at })::int8[])
                   AS u(slug, name, version, at)
             WHERE c.slug = u.slug
            """,
            logger: logger
        )
    }
}
