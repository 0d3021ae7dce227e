#!/usr/bin/env python3
"""Events neither trained on nor judged: for each version a Model trained with the event sink, the events dated
at or before the version's data end (manifest data.to) that reached the sink in an object written after the
training run read it: the version did not read them, and the recommendation and forecast monitors judged only rows
after the data end (MonitoringPipeline.Unlearnt); churn's per-customer features, taken over all live data, count them.
Since `ecml monitor` judges the orders of purchases received after the version was created, what the lower bound
counts is judged; the rest (received before the read, flushed after it) is not.

The read time is not recorded, so it is bracketed: objects written after the run's TrainingJob started (upper
bound: some of those were read) and after the version was created (lower bound: none of those were read).

Usage: bench/monitoring/late-events.py [STATE]   (STATE: local mode's state folder, default .ecml)
"""
import glob
import gzip
import json
import os
import sys
from datetime import datetime, timezone


def when(text):
    text = text.replace("Z", "+00:00")
    if "." in text:  # Python < 3.11 wants at most 6 fractional digits
        head, rest = text.split(".", 1)
        digits = "".join(c for c in rest if c.isdigit())
        text = f"{head}.{digits[:6]}{rest[len(digits):]}"
    return datetime.fromisoformat(text).astimezone(timezone.utc)


state = sys.argv[1] if len(sys.argv) > 1 else ".ecml"
store = os.path.join(state, "store")
with open(os.path.join(state, "cluster.json")) as f:
    cluster = json.load(f)
started = {}
for job in cluster.get("trainingjobs", []):
    status = job.get("status") or {}
    if status.get("modelVersion") and status.get("startTime"):
        started[status["modelVersion"]] = (job["metadata"]["name"], when(status["startTime"]))

objects = []
for path in sorted(glob.glob(os.path.join(store, "events", "dt=*", "hh=*", "*.jsonl.gz"))):
    written = datetime.fromtimestamp(os.path.getmtime(path), timezone.utc)
    with gzip.open(path, "rt") as f:
        occurred = [when(json.loads(line)["occurredAt"]) for line in f if line.strip()]
    objects.append((written, occurred))
total = sum(len(o) for _, o in objects)
print(f"{len(objects)} sink objects, {total} events")
print(f"{'version':<40} {'trigger':<14} {'data end':<20} {'late (lower..upper)':>20}  of events after the data end")
for manifest_path in sorted(glob.glob(os.path.join(store, "models", "*", "versions", "*", "manifest.json"))):
    with open(manifest_path) as f:
        manifest = json.load(f)
    version = manifest["version"]
    data_to = manifest.get("data", {}).get("to")
    if version not in started or not data_to or "events" not in manifest.get("data", {}).get("source", ""):
        continue
    end = when(data_to)
    if end.tzinfo is None:
        end = end.replace(tzinfo=timezone.utc)
    job, start = started[version]
    created = when(manifest["createdAt"])
    upper = sum(1 for w, o in objects if w > start for t in o if t <= end)
    lower = sum(1 for w, o in objects if w > created for t in o if t <= end)
    after = sum(1 for _, o in objects for t in o if t > end)
    print(f"{manifest['model'] + '/' + version:<40} {manifest.get('trigger') or '-':<14} {end:%H:%M:%S} {'':<11} {lower:>9}..{upper:<9}  {after}")
