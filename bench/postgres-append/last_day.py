"""Splits a canonical shop CSV folder into everything before its last day and that day's feed.

The day's folder holds that day's orders with their lines and events, and the customers and products they
refer to (a daily export must carry them: the CSV reader checks references inside the folder).
Usage: last_day.py SHOP REST DAY
"""
import csv
import os
import sys

shop, rest, day = sys.argv[1:4]
for folder in (rest, day):
    os.makedirs(folder, exist_ok=True)


def read(name):
    path = os.path.join(shop, name)
    if not os.path.exists(path):
        return None, []
    with open(path, newline="") as f:
        rows = list(csv.reader(f))
    return rows[0], rows[1:]


def write(folder, name, header, rows):
    with open(os.path.join(folder, name), "w", newline="") as f:
        out = csv.writer(f, lineterminator="\n")
        out.writerow(header)
        out.writerows(rows)


oh, orders = read("orders.csv")
last = max(r[oh.index("ordered_at")][:10] for r in orders)
day_orders = {r[0] for r in orders if r[oh.index("ordered_at")][:10] == last}
ih, items = read("order_items.csv")
eh, events = read("events.csv")
at = eh.index("occurred_at") if eh else 0
day_events = [r for r in events if r[at][:10] == last]
customers_used = {r[oh.index("customer_id")] for r in orders if r[0] in day_orders} | {r[eh.index("customer_id")] for r in day_events}
products_used = {r[ih.index("product_id")] for r in items if r[0] in day_orders} | {r[eh.index("product_id")] for r in day_events}

ch, customers = read("customers.csv")
ph, products = read("products.csv")
write(rest, "customers.csv", ch, customers)
write(rest, "products.csv", ph, products)
write(rest, "orders.csv", oh, [r for r in orders if r[0] not in day_orders])
write(rest, "order_items.csv", ih, [r for r in items if r[0] not in day_orders])
write(day, "customers.csv", ch, [r for r in customers if r[0] in customers_used])
write(day, "products.csv", ph, [r for r in products if r[0] in products_used])
write(day, "orders.csv", oh, [r for r in orders if r[0] in day_orders])
write(day, "order_items.csv", ih, [r for r in items if r[0] in day_orders])
if eh:
    write(rest, "events.csv", eh, [r for r in events if r[at][:10] != last])
    write(day, "events.csv", eh, day_events)
print(f"last day {last}: {len(day_orders)} orders, {len(day_events)} events", file=sys.stderr)
