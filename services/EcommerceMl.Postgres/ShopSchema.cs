namespace EcommerceMl.Postgres;

/// <summary>One schema change, applied once, in its own transaction, recorded in <c>schema_migrations</c>.</summary>
public sealed record Migration(int Id, string Name, string Sql);

/// <summary>
/// The database schema as an ordered list of migrations: the five canonical shop tables
/// (DESIGN.md, "Data"), the three output tables analysts query, the completion records of sharded batch runs and the events the
/// inference servers received. Never edit a published migration;
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
        new(4, "sharded batch outputs", """
            -- Top-N products per customer. Ranks are unique per customer; the code never repeats a product.
            -- One key only: the table takes millions of rows per version, and every index costs COPY speed.
            CREATE TABLE customer_recommendations (
                model                  text COLLATE "C" NOT NULL,
                model_version          text COLLATE "C" NOT NULL,
                customer_id            text COLLATE "C" NOT NULL,
                rank                   integer NOT NULL CHECK (rank >= 1),
                recommended_product_id text COLLATE "C" NOT NULL,
                score                  double precision NOT NULL,
                PRIMARY KEY (model, model_version, customer_id, rank)
            );
            -- A batch run is cut into shards (ranges of customers, products, scopes), each written in its own
            -- transaction by its own process. A shard records itself here in that transaction; the shard that
            -- finds every shard of its run recorded marks the version's output complete.
            CREATE TABLE batch_output_shards (
                model         text COLLATE "C" NOT NULL,
                model_version text COLLATE "C" NOT NULL,
                output        text COLLATE "C" NOT NULL,
                shards        integer NOT NULL CHECK (shards >= 1),
                shard         integer NOT NULL CHECK (shard >= 0 AND shard < shards),
                row_count     bigint NOT NULL CHECK (row_count >= 0),
                written_at    timestamptz NOT NULL DEFAULT now(),
                PRIMARY KEY (model, model_version, output, shards, shard)
            );
            CREATE TABLE batch_output_versions (
                model         text COLLATE "C" NOT NULL,
                model_version text COLLATE "C" NOT NULL,
                output        text COLLATE "C" NOT NULL,
                shards        integer NOT NULL CHECK (shards >= 1),
                row_count     bigint NOT NULL CHECK (row_count >= 0),
                completed_at  timestamptz NOT NULL DEFAULT now(),
                PRIMARY KEY (model, model_version, output)
            );
            -- Rows written before this migration were written whole (one transaction per version): complete.
            INSERT INTO batch_output_versions (model, model_version, output, shards, row_count)
            SELECT model, model_version, 'product_recommendations', 1, count(*) FROM product_recommendations GROUP BY 1, 2;
            INSERT INTO batch_output_versions (model, model_version, output, shards, row_count)
            SELECT model, model_version, 'sales_forecast', 1, count(*) FROM sales_forecast GROUP BY 1, 2;
            -- The views show each model's newest COMPLETE version: while shards of a newer one are still being
            -- written, readers keep seeing the previous one whole; it moves when the last shard commits.
            CREATE OR REPLACE VIEW latest_product_recommendations AS
            SELECT r.* FROM product_recommendations r
            JOIN (SELECT model, max(model_version) AS model_version FROM batch_output_versions
                  WHERE output = 'product_recommendations' GROUP BY model) l
              ON l.model = r.model AND l.model_version = r.model_version;
            CREATE OR REPLACE VIEW latest_sales_forecast AS
            SELECT f.* FROM sales_forecast f
            JOIN (SELECT model, max(model_version) AS model_version FROM batch_output_versions
                  WHERE output = 'sales_forecast' GROUP BY model) l
              ON l.model = f.model AND l.model_version = f.model_version;
            CREATE VIEW latest_customer_recommendations AS
            SELECT c.* FROM customer_recommendations c
            JOIN (SELECT model, max(model_version) AS model_version FROM batch_output_versions
                  WHERE output = 'customer_recommendations' GROUP BY model) l
              ON l.model = c.model AND l.model_version = c.model_version;
            """),
        new(5, "received events", """
            -- The events the inference servers received (POST /v1/events, schema v2), when their sink is this database
            -- (Inference README, "The event sink"). Not the shop's own `events` table, whose rows are a known customer's
            -- view, cart add or purchase of a known product: these may come from anonymous visitors, name no product
            -- (page views, searches) or one the shop tables do not hold yet. The client-made id is the key, so a batch
            -- sent again after a crash adds nothing. Times keep the instant (to the microsecond) and, for occurred_at,
            -- the client's UTC offset in minutes.
            CREATE TABLE received_events (
                event_id                text COLLATE "C" PRIMARY KEY,
                schema_version          smallint NOT NULL,
                type                    text COLLATE "C" NOT NULL,
                occurred_at             timestamptz NOT NULL,
                occurred_offset_minutes smallint NOT NULL,
                received_at             timestamptz NOT NULL,
                session_id              text COLLATE "C",
                customer_id             text COLLATE "C",
                visitor_id              text COLLATE "C",
                product_id              text COLLATE "C",
                source_page             text,
                source_position         integer,
                recommendation_id       text COLLATE "C",
                query                   text,
                result_count            integer,
                step                    integer,
                step_name               text,
                order_id                text COLLATE "C",
                lines                   jsonb,
                name                    text,
                properties              jsonb,
                client_ip               text,
                user_agent              text
            );
            -- Readers take a window of receipt times; retention deletes the days before one.
            CREATE INDEX received_events_received_at ON received_events (received_at);
            """),
    ];
}
