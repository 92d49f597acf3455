-- Projection categories, version 1 (bumping the version means rebuild).
-- Handles: CategoryCreated, CategoryRenamed, ProductCreated, ProductDiscontinued, ProductRecategorized
-- Tables live in the generation schema read_categories_g<N>; schema read has one view per table.
CREATE TABLE categories (
    slug text PRIMARY KEY,
    name text NOT NULL,
    parent_slug text,
    active_product_count bigint NOT NULL,
    version bigint NOT NULL,
    updated_at timestamptz NOT NULL
);

CREATE TABLE categories_products (sku text PRIMARY KEY, slug text NOT NULL, previous_slug text, active boolean NOT NULL);

CREATE INDEX categories_products_active ON categories_products (slug) WHERE active;
