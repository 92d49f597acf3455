-- Projection users, version 1 (bumping the version means rebuild).
-- Handles: OrderPaid, OrderPlaced, UserDeactivated, UserErased, UserProfileUpdated, UserRegistered, UserRoleChanged
-- Tables live in the generation schema read_users_g<N>; schema read has one view per table.
CREATE TABLE users (
    id uuid PRIMARY KEY,
    email text NOT NULL,
    name text NOT NULL,
    role text NOT NULL,
    status text NOT NULL,
    order_count bigint NOT NULL,
    total_spent_minor bigint NOT NULL,
    registered_at timestamptz NOT NULL,
    version bigint NOT NULL,
    updated_at timestamptz NOT NULL
);

CREATE INDEX users_by_email ON users (email);

CREATE TABLE users_order_totals (user_id uuid PRIMARY KEY, order_count bigint NOT NULL, total_spent_minor bigint NOT NULL);

CREATE TABLE users_orders (order_id uuid PRIMARY KEY, user_id uuid NOT NULL);
