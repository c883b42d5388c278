-- Touchpoint: the per-customer summary for buy-till-you-die models, computed in your warehouse.
--
-- One query that runs unchanged on DuckDB, Spark SQL and BigQuery. For every customer whose
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
-- in the workbench or with `touchpoint fit summary.csv`.
--
-- INPUT: the CTE `source_orders` below reads your orders table; point it at yours (on BigQuery
-- with its dataset, e.g. `shop.orders`) and map your columns onto these names:
--   customer_id  any type that can be grouped on (STRING / VARCHAR / an integer)
--   order_date   DATE; an ISO 'YYYY-MM-DD' string or a TIMESTAMP also works (it is CAST to DATE)
--   amount       the order's value: DOUBLE / FLOAT64, or DECIMAL / NUMERIC
--   is_return    BOOLEAN, or an integer 0/1: true for returns and refunds. Without such a
--                column, write FALSE AS is_return.
-- Purchases are the rows that are not returns: is_return is false (or NULL) and amount is not
-- negative. A negative amount counts as a refund even when is_return is false, the rule
-- Touchpoint applies when it imports an orders file; a status such as 'returned' or 'refunded'
-- should be turned into is_return = TRUE here, as the import does.
--
-- PARAMETERS: edit the two values in the CTE `params`:
--   calibration_end  the last day of the calibration period, included, as DATE 'YYYY-MM-DD'
--   time_unit        'week' or 'day'
--
-- PORTABILITY: the query keeps to constructs the three engines share with the same meaning.
-- Date differences are the one thing they spell differently (DuckDB date_diff('day', a, b),
-- BigQuery DATE_DIFF(b, a, DAY), Spark datediff(b, a); BigQuery UNIX_DATE and Spark unix_date
-- have no DuckDB counterpart), so each date becomes a day number by calendar arithmetic on
-- EXTRACT(YEAR / MONTH / DAY), exact for every Gregorian date of years 1 to 9999.
--   WITH ... AS (...) CTEs, CROSS JOIN, GROUP BY, ORDER BY, CASE, COALESCE, MIN/MAX/SUM/COUNT,
--   MIN(...) OVER (PARTITION BY ...), FLOOR, + - * /, string literals in single quotes, DATE
--   'YYYY-MM-DD' literals, CAST(... AS DATE), CAST(... AS INTEGER), EXTRACT(YEAR|MONTH|DAY FROM d).
-- Checked how:
--   DuckDB 1.5.5 (npm @duckdb/node-api 1.5.5-r.5): executed by
--     tests/warehouse/summary_sql.test.mjs, which runs this file as written (only the two
--     parameters replaced), compares every customer with the core's own summary, and checks
--     the day numbers against DuckDB's date arithmetic for every day from 1899 to 2101.
--   BigQuery (GoogleSQL), by its reference: "Date functions" (EXTRACT(part FROM date_expression)
--     with YEAR, MONTH, DAY, returning INT64); "Operators" (/ on INT64 returns FLOAT64);
--     "Mathematical functions" (FLOOR); "Conversion functions" (CAST BOOL -> INT64 gives 1/0,
--     STRING -> DATE takes 'YYYY-MM-DD'); "Data types" (INTEGER is an alias of INT64);
--     "Lexical structure" (DATE literals); "Window function calls" (MIN OVER (PARTITION BY)).
--     None of the names used here is a BigQuery reserved keyword.
--   Spark SQL 3.0 and later (4.x included), by its reference: "Built-in Functions" (extract(field FROM source)
--     since 3.0.0 with YEAR, MONTH, DAY; `/` always divides in floating point; floor; min/max/
--     sum/count), "Literals" (DATE 'yyyy-MM-dd'), "Data Types" and the CAST rules
--     (BOOLEAN -> INT is 1/0, also in ANSI mode), "Window Functions", "WITH Clause", "JOIN".
--   No trailing semicolon, so the text can be passed as is to spark.sql() or a client API.

WITH
params AS (
    SELECT DATE '1997-09-30' AS calibration_end,
           'week'            AS time_unit
),

source_orders AS (
    SELECT customer_id, order_date, amount, is_return
    FROM orders
),

-- The calibration end as a day number (days since 1970-01-01): the Gregorian calendar counted
-- from March, so the leap day ends the year; y, m, d are the civil fields with January and
-- February moved to the end of the previous year.
calibration AS (
    SELECT
        CASE time_unit WHEN 'week' THEN 7 WHEN 'day' THEN 1 END AS days_per_unit,
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
        SELECT customer_id, amount, CAST(order_date AS DATE) AS purchase_date
        FROM source_orders
        WHERE COALESCE(CAST(is_return AS INTEGER), 0) = 0
          AND amount >= 0
    ) AS purchases
),

-- One row per customer and day of the calibration period: a transaction and its value.
transactions AS (
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
    FROM transactions
)

SELECT
    customer_id,
    COUNT(*) - 1 AS x,
    (MAX(order_day) - MIN(first_day)) / MIN(days_per_unit) AS t_x,
    (MIN(end_day) - MIN(first_day)) / MIN(days_per_unit) AS T,
    CASE
        WHEN COUNT(*) > 1
        THEN SUM(CASE WHEN order_day > first_day THEN day_value ELSE 0 END) / (COUNT(*) - 1)
        ELSE 0
    END AS monetary
FROM ranked
CROSS JOIN calibration
GROUP BY customer_id
ORDER BY customer_id
