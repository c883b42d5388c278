-- Touchpoint: the per-customer summary for buy-till-you-die models, computed in your warehouse.
--
-- One query that runs unchanged on DuckDB, PostgreSQL, Spark SQL and BigQuery. It reads order
-- lines by the rules Touchpoint's import keeps (docs/import.md), so that this query on a table
-- and `touchpoint import` of the same file count the same purchases. For every customer whose
-- first purchase falls on or before the calibration end it returns one row:
--   customer_id  as in the input
--   x            repeat transactions in the calibration period (several orders on one day
--                are one transaction; the first transaction is the acquisition, not a repeat)
--   t_x          time from the first transaction to the last one (0 when x = 0)
--   T            time from the first purchase to the calibration end
--   monetary     mean value of the repeat transactions, a transaction's value being the sum of
--                that day's purchases (0 when x = 0)
-- Times are in the chosen unit (weeks of 7 days, or days). This is the summary Touchpoint
-- computes itself (`touchpoint summary STORE --calibration-end DATE --time-unit week|day`);
-- save the result as CSV with the columns customer_id, x, t_x, T, monetary and fit models on it
-- in the workbench or with `touchpoint fit summary.csv`. PostgreSQL folds unquoted names to
-- lower case, so there the column T comes out as t: name it T in the CSV's header.
--
-- INPUT: the CTE `source_lines` below reads your order lines; point it at your table (on
-- BigQuery with its dataset, e.g. `shop.order_lines`) and map your columns onto these names.
-- One row per line of an order (a product on an invoice), or one row per order: a table of
-- orders is a table of lines with one line per order.
--   order_id      what groups lines into orders: the order or invoice number, any type that
--                 can be grouped on. Every line needs one; a table of orders without ids can
--                 number its rows: ROW_NUMBER() OVER () AS order_id.
--   customer_id   any type that can be grouped on (STRING / VARCHAR / an integer). NULL on a
--                 line that leaves it to the order's other lines, as a Shopify order's second
--                 and later rows do. Where ids are written as numbers with a zero fraction
--                 (13085.0), cast them to the whole number as the import does; where a line
--                 has no id but an e-mail, COALESCE(customer_id, LOWER(TRIM(email))).
--   order_date    DATE or TIMESTAMP (only the day counts); an ISO 'YYYY-MM-DD' string also
--                 works (it is CAST to DATE). NULL on a line that leaves it to the order's.
--   line_amount   the line's value, DOUBLE / FLOAT64 or DECIMAL / NUMERIC: quantity x unit
--                 price (COALESCE(quantity, 1) x unit price when a line may have no quantity);
--                 or the order's total on one of its lines and NULL on the others (a table
--                 of orders: its amount). A partly refunded order: its total less the refunded
--                 amount.
--   is_cancelled  BOOLEAN, or an integer 0/1: the import's rule is a cancellation date, a
--                 status containing 'cancel' or 'void', or an invoice number 'C' + digits
--                 (the UCI Online Retail files: Invoice LIKE 'C%').
--   is_failed     likewise: a status containing 'fail' or 'declin', or a Captured column that
--                 is false.
--   is_refund     likewise: a status containing 'refund' or 'return' but not 'partial', or a
--                 refunded amount at least the order's total. An order whose lines add up to a
--                 negative amount is a refund without it.
--   Without such a column write FALSE AS is_cancelled (and so on); status tests are
--   LOWER(status) LIKE '%cancel%'.
-- The lines are grouped into one order per order_id. An order has one customer and one day: a
-- line that leaves them NULL takes its order's, and a line that names another is left out of
-- the order, as the import rejects it. The import takes an order's customer and day from its
-- first line in the file; a table has no line order, so here they are the smallest customer
-- id among its lines and the earliest day among that customer's lines (the same whenever the
-- lines agree). An order no line of which names a customer is a guest's: nobody's, and left
-- out. The order's amount is the sum of its lines' line_amount; it is flagged when one of its
-- lines is, and failed wins over cancelled, cancelled over refund, as in the import.
-- Purchases are the orders without a flag: a purchase of amount 0 is still a purchase.
--
-- PARAMETERS: edit the two values in the CTE `params`:
--   calibration_end  the last day of the calibration period, included, as DATE 'YYYY-MM-DD'
--   time_unit        'week' or 'day'
--
-- PORTABILITY: the query keeps to constructs the four engines share with the same meaning.
-- Date differences are the one thing they spell differently (DuckDB date_diff('day', a, b),
-- BigQuery DATE_DIFF(b, a, DAY), Spark datediff(b, a), PostgreSQL b - a; BigQuery UNIX_DATE
-- and Spark unix_date have no DuckDB counterpart), so each date becomes a day number by
-- calendar arithmetic on EXTRACT(YEAR / MONTH / DAY), exact for every Gregorian date of years
-- 1 to 9999. Division is the other: PostgreSQL divides integers as integers, the others in
-- floating point, so the times and the mean value are divided by something with a float
-- literal (7e0, 1e0) in it; the calendar's FLOOR(y / 4) is the same either way (y > 0).
--   WITH ... AS (...) CTEs, CROSS JOIN, GROUP BY, ORDER BY, CASE, COALESCE, MIN/MAX/SUM/COUNT,
--   MIN(...) OVER (PARTITION BY ...), FLOOR, + - * /, string literals in single quotes, DATE
--   'YYYY-MM-DD' literals, float literals with an exponent (7e0), CAST(... AS DATE),
--   CAST(... AS INTEGER), EXTRACT(YEAR|MONTH|DAY FROM d), IS NULL, an alias on every
--   subquery in FROM (PostgreSQL 15 requires one). No CTE takes a name a source table is
--   likely to have (orders, order_lines, transactions), so that `source_lines` reads the table
--   whatever an engine makes of a name defined twice.
-- Checked how:
--   DuckDB 1.5.5 (npm @duckdb/node-api 1.5.5-r.5) and PostgreSQL 15 (Debian's postgresql-15,
--     through psql): executed by tests/warehouse/summary_sql.test.mjs, which runs this file
--     as written (only the two parameters replaced, and `source_lines` pointed at each test's
--     table), compares every customer with the core's own summary on the same file imported
--     by `touchpoint import` (order files, a line-item file with cancelled, failed, refunded
--     and guest orders, the UCI Online Retail II file), and checks the day numbers against
--     each engine's own date arithmetic for every day from 1899 to 2101.
--   BigQuery (GoogleSQL), by its reference: "Date functions" (EXTRACT(part FROM date_expression)
--     with YEAR, MONTH, DAY, returning INT64); "Operators" (/ on INT64 returns FLOAT64);
--     "Mathematical functions" (FLOOR); "Conversion functions" (CAST BOOL -> INT64 gives 1/0,
--     STRING -> DATE takes 'YYYY-MM-DD', TIMESTAMP -> DATE); "Data types" (INTEGER is an alias
--     of INT64); "Lexical structure" (DATE literals; 7e0 is a FLOAT64 literal); "Window
--     function calls" (MIN OVER (PARTITION BY)). None of the names used here is a BigQuery
--     reserved keyword.
--   Spark SQL 3.0 and later (4.x included), by its reference: "Built-in Functions" (extract(field FROM source)
--     since 3.0.0 with YEAR, MONTH, DAY; `/` always divides in floating point; floor; min/max/
--     sum/count), "Literals" (DATE 'yyyy-MM-dd'; 7e0 is a DOUBLE literal), "Data Types" and the
--     CAST rules (BOOLEAN -> INT is 1/0, also in ANSI mode), "Window Functions", "WITH
--     Clause", "JOIN".
--   No trailing semicolon, so the text can be passed as is to spark.sql() or a client API.

WITH
params AS (
    SELECT DATE '1997-09-30' AS calibration_end,
           'week'            AS time_unit
),

source_lines AS (
    SELECT order_id, customer_id, order_date, line_amount, is_cancelled, is_failed, is_refund
    FROM order_lines
),

-- The calibration end as a day number (days since 1970-01-01): the Gregorian calendar counted
-- from March, so the leap day ends the year; y, m, d are the civil fields with January and
-- February moved to the end of the previous year.
calibration AS (
    SELECT
        CASE time_unit WHEN 'week' THEN 7e0 WHEN 'day' THEN 1e0 END AS days_per_unit,
        CAST(365 * y + FLOOR(y / 4) - FLOOR(y / 100) + FLOOR(y / 400)
             + FLOOR((153 * m + 2) / 5) + d - 719469 AS INTEGER) AS end_day
    FROM (
        SELECT
            time_unit,
            EXTRACT(YEAR FROM calibration_end)
                - CASE WHEN EXTRACT(MONTH FROM calibration_end) <= 2 THEN 1 ELSE 0 END AS y,
            EXTRACT(MONTH FROM calibration_end)
                + CASE WHEN EXTRACT(MONTH FROM calibration_end) <= 2 THEN 9 ELSE -3 END AS m,
            EXTRACT(DAY FROM calibration_end) AS d
        FROM params
    ) AS end_fields
),

-- Each line beside its order's customer (see INPUT); the flags as 0/1.
placed_lines AS (
    SELECT
        order_id,
        customer_id,
        line_date,
        line_amount,
        cancelled,
        failed,
        refund,
        MIN(customer_id) OVER (PARTITION BY order_id) AS order_customer
    FROM (
        SELECT
            order_id,
            customer_id,
            CAST(order_date AS DATE) AS line_date,
            line_amount,
            COALESCE(CAST(is_cancelled AS INTEGER), 0) AS cancelled,
            COALESCE(CAST(is_failed AS INTEGER), 0) AS failed,
            COALESCE(CAST(is_refund AS INTEGER), 0) AS refund
        FROM source_lines
    ) AS typed_lines
),

-- One row per order, from the lines that agree with its customer and then with its day (the
-- earliest of those lines'); guests' orders are left out.
order_totals AS (
    SELECT
        order_id,
        MIN(order_customer) AS customer_id,
        MIN(order_date) AS order_date,
        SUM(line_amount) AS amount,
        MAX(cancelled) AS cancelled,
        MAX(failed) AS failed,
        MAX(refund) AS refund
    FROM (
        SELECT
            order_id,
            order_customer,
            line_date,
            line_amount,
            cancelled,
            failed,
            refund,
            MIN(line_date) OVER (PARTITION BY order_id) AS order_date
        FROM placed_lines
        WHERE order_customer IS NOT NULL
          AND (customer_id IS NULL OR customer_id = order_customer)
    ) AS customer_lines
    WHERE line_date IS NULL OR line_date = order_date
    GROUP BY order_id
),

-- Why an order is not a purchase, as the import's orders.flag says it (NULL for a purchase).
flagged_orders AS (
    SELECT
        order_id,
        customer_id,
        order_date,
        amount,
        CASE
            WHEN failed = 1 THEN 'failed'
            WHEN cancelled = 1 THEN 'cancelled'
            WHEN refund = 1 OR amount < 0 THEN 'refund'
        END AS flag
    FROM order_totals
),

-- Purchases only, each with the civil fields of its date (as above).
purchase_fields AS (
    SELECT
        customer_id,
        amount,
        EXTRACT(YEAR FROM purchase_date)
            - CASE WHEN EXTRACT(MONTH FROM purchase_date) <= 2 THEN 1 ELSE 0 END AS y,
        EXTRACT(MONTH FROM purchase_date)
            + CASE WHEN EXTRACT(MONTH FROM purchase_date) <= 2 THEN 9 ELSE -3 END AS m,
        EXTRACT(DAY FROM purchase_date) AS d
    FROM (
        SELECT customer_id, amount, order_date AS purchase_date
        FROM flagged_orders
        WHERE flag IS NULL
          AND amount >= 0
          AND order_date IS NOT NULL
    ) AS purchases
),

-- One row per customer and day of the calibration period: a transaction and its value.
customer_days AS (
    SELECT
        customer_id,
        order_day,
        SUM(amount) AS day_value
    FROM (
        SELECT
            customer_id,
            amount,
            CAST(365 * y + FLOOR(y / 4) - FLOOR(y / 100) + FLOOR(y / 400)
                 + FLOOR((153 * m + 2) / 5) + d - 719469 AS INTEGER) AS order_day
        FROM purchase_fields
    ) AS purchase_days
    CROSS JOIN calibration
    WHERE order_day <= end_day
    GROUP BY customer_id, order_day
),

ranked AS (
    SELECT
        customer_id,
        order_day,
        day_value,
        MIN(order_day) OVER (PARTITION BY customer_id) AS first_day
    FROM customer_days
)

SELECT
    customer_id,
    COUNT(*) - 1 AS x,
    (MAX(order_day) - MIN(first_day)) / MIN(days_per_unit) AS t_x,
    (MIN(end_day) - MIN(first_day)) / MIN(days_per_unit) AS T,
    CASE
        WHEN COUNT(*) > 1
        THEN SUM(CASE WHEN order_day > first_day THEN day_value ELSE 0 END) / ((COUNT(*) - 1) * 1e0)
        ELSE 0
    END AS monetary
FROM ranked
CROSS JOIN calibration
GROUP BY customer_id
ORDER BY customer_id
