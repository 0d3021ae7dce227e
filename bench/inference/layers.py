#!/usr/bin/env python3
"""Share of a server's perf samples per pipeline layer: `perf script | layers.py`.

Each sample goes to the innermost layer on its stack (leaf first); a sample whose leaf is in the kernel counts as
kernel, one on another thread (console logger, GC, file watcher, tiered compilation) by its thread name.
"""
import re
import sys
from collections import Counter

LAYERS = [  # (layer, pattern in a frame); the first frame from the leaf that matches any names the sample's layer
    ("prediction log (request thread)", r"PredictionLog|Log::Prediction|Microsoft\.Extensions\.Logging"),
    ("answer cache", r"AnswerCache|JsonBytes"),
    ("json writing", r"JsonBody|JsonBuffers|System\.Text\.Json"),
    ("handler (model, ranking)", r"RecommendationEndpoints|RecommendationRanking|PrecomputedRecommender|Recommender|ChurnEndpoints|OpenInference"),
    ("http metrics", r"HttpRequestMetrics|InferenceMetrics|Prometheus"),
    ("parameter binding", r"RequestDelegateFactory|RequestDelegateGenerator|ParameterBinding|<Map|Microsoft\.AspNetCore\.Http\.Generated"),
    ("routing", r"Microsoft\.AspNetCore\.Routing"),
    ("api page (Swagger UI)", r"Swashbuckle|System\.Text\.RegularExpressions"),
    ("status-code pages", r"StatusCodePages|BodilessErrorMiddleware"),
    ("exception handler", r"ExceptionHandler"),
    ("api key / body limit", r"ApiKeyMiddleware|RequestBodyLimitMiddleware"),
    ("hosting", r"Microsoft\.AspNetCore\.Hosting|System\.Diagnostics\.Activity"),
    ("kestrel", r"Kestrel|System\.IO\.Pipelines|System\.Net\.Sockets"),
]
COMPILED = [(name, re.compile(p)) for name, p in LAYERS]


def samples(lines):
    head, frames = None, []
    for line in lines:
        if not line.strip():
            if head is not None:
                yield head, frames
            head, frames = None, []
        elif line[0] not in " \t":
            head = line
        else:
            frames.append(line.strip())
    if head is not None:
        yield head, frames


def layer(head, frames):
    thread = re.sub(r"\s+\d+\s+[\d.]+:.*", "", head).strip()
    if not thread.startswith(".NET TP Worker") and not thread.startswith(".NET Sockets"):
        return "thread: " + thread
    if frames and "[kernel.kallsyms]" in frames[0]:
        return "kernel"
    for frame in frames:
        for name, pattern in COMPILED:
            if pattern.search(frame):
                return name
    return "other (runtime, thread pool, GC on request threads)"


counts = Counter(layer(h, f) for h, f in samples(sys.stdin))
total = sum(counts.values())
print(f"{total} samples")
for name, n in counts.most_common():
    print(f"{100.0 * n / total:6.1f} %  {name}")
