-- Projection products, version 2 (bumping the version means rebuild).
-- Handles: CategoryCreated, CategoryRenamed, ProductCreated, ProductDescriptionChanged, ProductDiscontinued, ProductPriceChanged, ProductRecategorized, ProductRenamed, StockAdjusted, StockReceived, StockReservationReleased, StockReserved, StockShipped
-- Tables live in the generation schema read_products_g<N>; schema read has one view per table.
CREATE TABLE products (
    sku text PRIMARY KEY,
    name text NOT NULL,
    description text NOT NULL,
    price_minor bigint NOT NULL,
    currency text NOT NULL,
    category_slug text NOT NULL,
    category_name text,
    status text NOT NULL,
    available_stock bigint NOT NULL,
    version bigint NOT NULL,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL,
    search tsvector NOT NULL GENERATED ALWAYS AS (
        setweight(to_tsvector('english', name), 'A') || setweight(to_tsvector('english', description), 'B')) STORED
);

CREATE INDEX products_by_category ON products (category_slug, sku);

CREATE INDEX products_by_status ON products (status, sku);

CREATE INDEX products_by_price ON products (price_minor, sku);

CREATE INDEX products_by_name ON products (lower(name), sku);

CREATE INDEX products_by_created ON products (created_at, sku);

CREATE INDEX products_by_category_price ON products (category_slug, price_minor, sku);

CREATE INDEX products_by_category_name ON products (category_slug, lower(name), sku);

CREATE INDEX products_by_category_created ON products (category_slug, created_at, sku);

CREATE INDEX products_search ON products USING gin (search);

CREATE TABLE products_category_names (slug text PRIMARY KEY, name text NOT NULL);

CREATE TABLE products_stock (sku text PRIMARY KEY, on_hand bigint NOT NULL, reserved bigint NOT NULL);
