-- Projection orders, version 1 (bumping the version means rebuild).
-- Handles: OrderCancelled, OrderPaid, OrderPlaced, OrderShipped
-- Tables live in the generation schema read_orders_g<N>; schema read has one view per table.
CREATE TABLE orders (
    id uuid PRIMARY KEY,
    customer_id uuid NOT NULL,
    status text NOT NULL,
    lines jsonb NOT NULL,
    total_minor bigint NOT NULL,
    currency text NOT NULL,
    placed_at timestamptz NOT NULL,
    paid_at timestamptz,
    shipped_at timestamptz,
    cancelled_at timestamptz,
    cancel_reason text,
    version bigint NOT NULL,
    updated_at timestamptz NOT NULL
);

CREATE INDEX orders_by_customer ON orders (customer_id, placed_at, id);
