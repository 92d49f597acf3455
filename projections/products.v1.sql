-- Projection products, version 1 (bumping the version means rebuild).
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
    updated_at timestamptz NOT NULL
);

CREATE INDEX products_by_category ON products (category_slug, sku);

CREATE INDEX products_by_status ON products (status, sku);

CREATE TABLE products_category_names (slug text PRIMARY KEY, name text NOT NULL);

CREATE TABLE products_stock (sku text PRIMARY KEY, on_hand bigint NOT NULL, reserved bigint NOT NULL);
