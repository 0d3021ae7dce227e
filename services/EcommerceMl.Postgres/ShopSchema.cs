namespace EcommerceMl.Postgres;

/// <summary>One schema change, applied once, in its own transaction, recorded in <c>schema_migrations</c>.</summary>
public sealed record Migration(int Id, string Name, string Sql);

/// <summary>
/// The database schema as an ordered list of migrations: the five canonical shop tables
/// (DESIGN.md, "Data") and the two output tables analysts query. Never edit a published migration;
/// add the next one. Column types are chosen so a shop read back fingerprints the same as the one
/// loaded: prices are double precision (not numeric), timestamps carry no zone (shop-local time).
/// Identifiers are opaque, so they compare byte by byte (COLLATE "C"): keys and joins on them do
/// not pay for the database's linguistic collation, and their order is the same on every server.
/// </summary>
public static class ShopSchema
{
    public static IReadOnlyList<Migration> Migrations { get; } =
    [
        new(1, "shop tables", """
            CREATE TABLE customers (
                customer_id    text COLLATE "C" PRIMARY KEY,
                signup_at      timestamp NOT NULL,
                country        text NOT NULL,
                loyalty_member boolean NOT NULL,
                churned        boolean,
                attributes     jsonb NOT NULL DEFAULT '{}'::jsonb
            );
            CREATE TABLE products (
                product_id text COLLATE "C" PRIMARY KEY,
                name       text NOT NULL,
                category   text NOT NULL,
                price      double precision NOT NULL CHECK (price >= 0)
            );
            CREATE TABLE orders (
                order_id    text COLLATE "C" PRIMARY KEY,
                customer_id text COLLATE "C" NOT NULL REFERENCES customers (customer_id),
                ordered_at  timestamp NOT NULL
            );
            CREATE INDEX orders_customer_id ON orders (customer_id);
            CREATE INDEX orders_ordered_at ON orders (ordered_at);
            -- A product may appear on several lines of one order, so the key is the line number.
            CREATE TABLE order_items (
                order_id    text COLLATE "C" NOT NULL REFERENCES orders (order_id),
                line_number integer NOT NULL,
                product_id  text COLLATE "C" NOT NULL REFERENCES products (product_id),
                quantity    integer NOT NULL CHECK (quantity > 0),
                unit_price  double precision NOT NULL CHECK (unit_price >= 0),
                PRIMARY KEY (order_id, line_number)
            );
            CREATE INDEX order_items_product_id ON order_items (product_id);
            CREATE TABLE events (
                event_id    bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                customer_id text COLLATE "C" NOT NULL REFERENCES customers (customer_id),
                product_id  text COLLATE "C" NOT NULL REFERENCES products (product_id),
                event_type  text NOT NULL CHECK (event_type IN ('view', 'add_to_cart', 'purchase')),
                occurred_at timestamp NOT NULL
            );
            CREATE INDEX events_customer_id ON events (customer_id, occurred_at);
            """),
        new(2, "output tables", """
            -- One row per (model version, product, recommended product): a pair cannot appear twice,
            -- and ranks are unique within a product.
            CREATE TABLE product_recommendations (
                model                  text COLLATE "C" NOT NULL,
                model_version          text COLLATE "C" NOT NULL,
                product_id             text COLLATE "C" NOT NULL,
                recommended_product_id text COLLATE "C" NOT NULL,
                score                  double precision NOT NULL,
                rank                   integer NOT NULL CHECK (rank >= 1),
                co_buyers              integer NOT NULL CHECK (co_buyers >= 0),
                PRIMARY KEY (model, model_version, product_id, recommended_product_id),
                UNIQUE (model, model_version, product_id, rank),
                CHECK (product_id <> recommended_product_id)
            );
            CREATE INDEX product_recommendations_product ON product_recommendations (product_id, rank);
            CREATE INDEX product_recommendations_recommended ON product_recommendations (recommended_product_id, product_id);
            CREATE TABLE sales_forecast (
                model           text COLLATE "C" NOT NULL,
                model_version   text COLLATE "C" NOT NULL,
                forecast_date   date NOT NULL,
                scope           text COLLATE "C" NOT NULL,
                predicted_sales double precision NOT NULL,
                lower_ci        double precision NOT NULL,
                upper_ci        double precision NOT NULL,
                PRIMARY KEY (model, model_version, scope, forecast_date)
            );
            CREATE INDEX sales_forecast_scope_date ON sales_forecast (scope, forecast_date);
            """),
        new(3, "latest-version views", """
            -- The analyst queries read these: each model's newest version only. Version ids start with
            -- their UTC creation time (yyyyMMddTHHmmssZ), so the greatest id is the newest.
            CREATE VIEW latest_product_recommendations AS
            SELECT r.* FROM product_recommendations r
            WHERE r.model_version = (SELECT max(l.model_version) FROM product_recommendations l WHERE l.model = r.model);
            CREATE VIEW latest_sales_forecast AS
            SELECT f.* FROM sales_forecast f
            WHERE f.model_version = (SELECT max(l.model_version) FROM sales_forecast l WHERE l.model = f.model);
            """),
    ];
}
