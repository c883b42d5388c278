#!/usr/bin/python3
"""The import rules of docs/import.md applied to the real Online Retail II file, independently of
the importer: pandas and the rules as written, no code shared with core/. Its figures become
tests/golden/imports/online_retail_ii_2009_2010.json, which tests/unit/real_exports_test.cpp holds
the importer and the headline metrics to.

Run from the repository (Debian's python3-pandas; the shared data sits beside the repository):
    scripts/oracle/online_retail_ii.py [path/to/online_retail_ii_2009_2010.csv.gz]

The rules, for this file (columns Invoice, StockCode, Description, Quantity, InvoiceDate, Price,
Customer ID, Country):
  - every line is read; lines are grouped into one order per Invoice, wherever they stand;
  - a line without a Customer ID takes its invoice's customer when another line of the invoice
    has one; an invoice none of whose lines has one is made of guest lines: not stored, counted;
  - an invoice's customer and day are those of its first line that has them; a line with another
    customer or day is rejected, and the invoice keeps its other lines;
  - an invoice's amount is the sum of Quantity x Price over its kept lines;
  - `C` + digits (the other invoice numbers being digits) is a cancellation; otherwise a negative
    amount is a refund; every other order, an amount of 0 included, is a purchase;
  - customer ids written `13085.0` become `13085` (every id of the column is written so);
  - repeat purchase rate: customers with purchases on two or more different days, over customers
    with at least one purchase (several purchases on one day are one).
Amounts are summed exactly (decimal cents of a cent), then written rounded to the cent.
"""
import json
import os
import sys
from decimal import Decimal

import pandas as pd

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
DEFAULT_INPUT = os.path.join(REPO, "..", "shared", "data", "online_retail_ii", "online_retail_ii_2009_2010.csv.gz")
OUTPUT = os.path.join(REPO, "tests", "golden", "imports", "online_retail_ii_2009_2010.json")


def main():
    path = sys.argv[1] if len(sys.argv) > 1 else DEFAULT_INPUT
    if not os.path.exists(path):
        sys.exit(f"{path}: not found (the shared data sits beside the repository, in ../shared/data)")

    # Everything as text, as the file writes it: no number or date guessed by pandas.
    lines = pd.read_csv(path, dtype=str, keep_default_na=False, compression="infer")
    lines["line"] = lines.index + 2  # 1-based file line, after the header (no field spans lines)
    lines["customer"] = lines["Customer ID"].str.strip()
    lines["day"] = lines["InvoiceDate"].str.strip().str.slice(0, 10)

    # Spreadsheet-style ids: `13085.0` -> `13085`, only when every id of the column is written so.
    written = lines.loc[lines["customer"] != "", "customer"]
    if written.str.fullmatch(r"\d+\.0").all():
        lines["customer"] = lines["customer"].str.replace(r"\.0$", "", regex=True)

    # An invoice's customer and day: its first line (in file order) that has them.
    with_customer = lines[lines["customer"] != ""]
    invoice_customer = with_customer.groupby("Invoice", sort=False)["customer"].first()
    invoice_day = lines[lines["day"] != ""].groupby("Invoice", sort=False)["day"].first()
    lines["invoice_customer"] = lines["Invoice"].map(invoice_customer).fillna("")
    lines["invoice_day"] = lines["Invoice"].map(invoice_day).fillna("")

    guest = lines["invoice_customer"] == ""
    other_customer = ~guest & (lines["customer"] != "") & (lines["customer"] != lines["invoice_customer"])
    other_day = ~guest & (lines["day"] != lines["invoice_day"])
    rejected = other_customer | other_day
    kept = lines[~guest & ~rejected].copy()

    # For the record: invoices whose lines disagree on customer or day (the importer rejects such lines).
    disagreeing = lines[~guest].groupby("Invoice").agg(
        customers=("customer", lambda s: s[s != ""].nunique()), days=("day", "nunique"))
    invoices_with_two_customers = int((disagreeing["customers"] > 1).sum())
    invoices_with_two_days = int((disagreeing["days"] > 1).sum())
    invoices_with_two_times = int((lines.groupby("Invoice")["InvoiceDate"].nunique() > 1).sum())
    mixed = lines.groupby("Invoice")["customer"].agg(lambda s: (s == "").any() and (s != "").any())
    invoices_mixing_guest_and_customer_lines = int(mixed.sum())
    run_starts = lines.loc[lines["Invoice"] != lines["Invoice"].shift(), "Invoice"]
    runs_per_invoice = run_starts.value_counts()
    invoices_split = int((runs_per_invoice > 1).sum())  # an invoice whose lines stand apart

    # Exact amounts: quantity x price in decimals, summed per invoice.
    kept["amount"] = [int(q) * Decimal(p) for q, p in zip(kept["Quantity"], kept["Price"])]
    invoice_numbers = lines["Invoice"].drop_duplicates()
    digits_only = invoice_numbers.str.fullmatch(r"\d+")
    cancellations_apply = digits_only.sum() > 0  # `C` + digits in a file of digit invoice numbers
    orders = kept.groupby("Invoice", sort=False).agg(
        customer=("invoice_customer", "first"), day=("invoice_day", "first"), amount=("amount", "sum"),
        lines=("line", "size"))
    orders["cancelled"] = cancellations_apply & orders.index.to_series().str.fullmatch(r"C\d+")
    orders["refund"] = ~orders["cancelled"] & (orders["amount"] < 0)
    orders["purchase"] = ~orders["cancelled"] & ~orders["refund"]

    purchases = orders[orders["purchase"]]
    days_per_customer = purchases.groupby("customer")["day"].nunique()
    customers = int(len(days_per_customer))
    repeat_customers = int((days_per_customer >= 2).sum())
    revenue = sum(purchases["amount"], Decimal(0))

    golden = {
        "file": "online_retail_ii_2009_2010.csv.gz (../shared/data/online_retail_ii)",
        "made_by": "scripts/oracle/online_retail_ii.py (pandas), from the rules of docs/import.md",
        "recognised_export": "UCI Online Retail II",
        "line_items": True,
        "date_layout": "ISO 8601",
        "mapping": {"order_id": "Invoice", "customer_id": "Customer ID", "order_date": "InvoiceDate",
                    "quantity": "Quantity", "unit_price": "Price"},
        "lines": int(len(lines)),
        "guest_lines": int(guest.sum()),
        "guest_invoices": int(lines.loc[guest, "Invoice"].nunique()),
        "rejected_lines": [int(n) for n in lines.loc[rejected, "line"]],
        "orders": int(len(orders)),
        "customers_in_orders": int(orders["customer"].nunique()),
        "purchases": int(len(purchases)),
        "cancelled_orders": int(orders["cancelled"].sum()),
        "failed_payments": 0,
        "refunds": int(orders["refund"].sum()),
        "total_mismatches": 0,  # no total column: nothing to disagree with
        "purchases_of_amount_zero": int((purchases["amount"] == 0).sum()),
        "customers": customers,
        "repeat_customers": repeat_customers,
        "repeat_purchase_rate": repeat_customers / customers,
        "revenue": float(revenue.quantize(Decimal("0.01"))),
        "revenue_exact": str(revenue),
        "first_day": str(purchases["day"].min()),
        "last_day": str(purchases["day"].max()),
        "for_the_record": {
            "invoices": int(len(invoice_numbers)),
            "invoices_with_two_customers": invoices_with_two_customers,
            "invoices_with_two_days": invoices_with_two_days,
            "invoices_with_two_times_on_one_day": invoices_with_two_times,
            "invoices_mixing_guest_and_customer_lines": invoices_mixing_guest_and_customer_lines,
            "invoices_whose_lines_are_not_adjacent": invoices_split,
            "invoice_prefixes": {k or "digits": int(v) for k, v in
                                 invoice_numbers.str.extract(r"^([A-Za-z]*)")[0].value_counts().items()},
            "guest_lines_with_negative_quantity": int((guest & lines["Quantity"].str.startswith("-")).sum()),
        },
    }
    with open(OUTPUT, "w", encoding="utf-8") as out:
        json.dump(golden, out, indent=2)
        out.write("\n")
    record = golden["for_the_record"]
    print(f"{golden['lines']} lines: {golden['guest_lines']} guest lines ({golden['guest_invoices']} invoices), "
          f"{len(golden['rejected_lines'])} rejected")
    print(f"{golden['orders']} orders of {golden['customers_in_orders']} customers: {golden['purchases']} purchases, "
          f"{golden['cancelled_orders']} cancelled, {golden['refunds']} refunds")
    print(f"{customers} customers with a purchase, {repeat_customers} bought on two or more days: "
          f"repeat purchase rate {golden['repeat_purchase_rate']:.6f}; revenue {revenue:.2f}")
    print(f"invoices with lines of two customers: {record['invoices_with_two_customers']}, of two days: "
          f"{record['invoices_with_two_days']}, of two times on one day: {record['invoices_with_two_times_on_one_day']}, "
          f"mixing guest and customer lines: {record['invoices_mixing_guest_and_customer_lines']}, "
          f"with lines apart: {record['invoices_whose_lines_are_not_adjacent']}")
    print(f"wrote {os.path.relpath(OUTPUT, REPO)}")


if __name__ == "__main__":
    main()
