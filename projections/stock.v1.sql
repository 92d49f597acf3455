-- Projection stock, version 1 (bumping the version means rebuild).
-- Handles: StockAdjusted, StockReceived, StockReservationReleased, StockReserved, StockShipped
-- Tables live in the generation schema read_stock_g<N>; schema read has one view per table.
CREATE TABLE stock (
    sku text PRIMARY KEY,
    on_hand bigint NOT NULL,
    reserved bigint NOT NULL,
    available bigint GENERATED ALWAYS AS (on_hand - reserved) STORED,
    last_movement text NOT NULL,
    last_movement_at timestamptz NOT NULL,
    version bigint NOT NULL
);

CREATE INDEX stock_by_available ON stock (available, sku);
