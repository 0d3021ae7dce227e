/*! EcommerceMl storefront tracker: event schema v2 to POST /v1/events. No dependencies, no cookies.
 * <script src="https://ML-HOST/v1/tracker.js" data-endpoint="https://ML-HOST" async></script>
 * Options (attributes of the script tag): data-endpoint (default: where this file came from), data-events-key (the
 * server's publishable EventsKey, when it requires an API key; or ?eventsKey= on this file's URL), data-customer-id,
 * data-page-view="false" (no automatic page_view), data-flush-ms (default 2000), data-session-minutes (default 30).
 * API (window.ecml): track(type, fields) → id; trackPageView, trackProductView, trackAddToCart, trackRemoveFromCart,
 * trackCheckout, trackPurchase, trackSearch, trackCustom; identify(customerId); flush() → Promise; stats.
 */
(function (window, document) {
  "use strict";
  var existing = window.ecml;
  if (existing && existing.version) return; // loaded twice: keep the first

  var script = document.currentScript || document.querySelector("script[src*='/v1/tracker.js']");
  var data = (script && script.dataset) || {};
  var endpoint = (data.endpoint || (script ? new URL(script.src, location.href).origin : location.origin)).replace(/\/+$/, "") + "/v1/events";
  // A server that needs an API key takes the shop's publishable events key instead (never the API key: a page keeps
  // no secret). In the URL, not a header: a beacon cannot set headers, and the CORS preflight carries the URL too.
  var eventsKey = data.eventsKey || (script ? new URL(script.src, location.href).searchParams.get("eventsKey") : null);
  if (eventsKey) endpoint += "?eventsKey=" + encodeURIComponent(eventsKey);
  var FLUSH_MS = Math.max(200, Number(data.flushMs) || 2000);
  var SESSION_MS = Math.max(1, Number(data.sessionMinutes) || 30) * 60000;
  var MAX_QUEUE = 1000;     // events kept while the server cannot be reached; past it the oldest go (stats.dropped)
  var MAX_BATCH = 100;      // events per request (the server takes up to its MaxBatchSize, 1000 by default)
  var MAX_STRING = 256;     // the server's default MaxStringLength
  var KEEPALIVE_BYTES = 60000; // browsers cap keepalive bodies at 64 KiB in flight
  var STORE = "ecml:";
  var TYPES = ["page_view", "product_view", "search", "add_to_cart", "remove_from_cart", "checkout_step", "purchase", "custom"];

  // Storage that survives a blocked localStorage (private modes, sandboxed frames): then ids live for the page only.
  var memory = {};
  function load(key) { try { return window.localStorage.getItem(STORE + key); } catch (e) { return memory[key] || null; } }
  function save(key, value) { try { window.localStorage.setItem(STORE + key, value); } catch (e) { memory[key] = value; } }
  function drop(key) { try { window.localStorage.removeItem(STORE + key); } catch (e) { delete memory[key]; } }

  function uuid() {
    if (window.crypto && window.crypto.randomUUID) return window.crypto.randomUUID();
    var b = new Uint8Array(16);
    window.crypto.getRandomValues(b);
    b[6] = (b[6] & 15) | 64; b[8] = (b[8] & 63) | 128;
    var h = Array.prototype.map.call(b, function (x) { return (x + 256).toString(16).slice(1); }).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }
  function clip(s) { return s == null ? undefined : String(s).slice(0, MAX_STRING); }

  /** The anonymous visitor: first-party, in this site's localStorage, made once. */
  function visitorId() {
    var id = load("visitor");
    if (!id) { id = uuid(); save("visitor", id); }
    return id;
  }

  /** The session: a new one after SESSION_MS without events. */
  function sessionId(now) {
    var s = null;
    try { s = JSON.parse(load("session") || "null"); } catch (e) { s = null; }
    if (!s || !s.id || now - s.at > SESSION_MS) s = { id: uuid(), at: now };
    s.at = now;
    save("session", JSON.stringify(s));
    return s.id;
  }

  var customerId = clip(data.customerId) || load("customer") || undefined;

  // Recommendation attribution: a click on a product inside a widget that carries data-ecml-recommendation-id is
  // remembered for the session, so the product_view (often on the next page) and add_to_cart of that product carry it.
  function clicked() { try { return JSON.parse(window.sessionStorage.getItem(STORE + "clicked") || "{}"); } catch (e) { return {}; } }
  function remember(productId, attribution) {
    var map = clicked();
    map[productId] = attribution;
    var keys = Object.keys(map);
    if (keys.length > 50) delete map[keys[0]];
    try { window.sessionStorage.setItem(STORE + "clicked", JSON.stringify(map)); } catch (e) { /* attribution is best effort */ }
  }
  function widgetOf(element) {
    var widget = element && element.closest && element.closest("[data-ecml-recommendation-id]");
    if (!widget) return null;
    var item = element.closest("[data-ecml-product-id]");
    var position = item && item.getAttribute("data-ecml-position");
    return {
      recommendationId: widget.getAttribute("data-ecml-recommendation-id"),
      productId: item && item.getAttribute("data-ecml-product-id"),
      position: position == null || position === "" ? undefined : Number(position)
    };
  }
  document.addEventListener("click", function (ev) {
    var w = widgetOf(ev.target);
    if (w && w.productId && w.recommendationId) remember(w.productId, { recommendationId: w.recommendationId, position: w.position, page: location.pathname });
  }, true);

  // ---- The queue: every event waits here (and in localStorage, so a page left before sending sends next time). ----
  var queue = [];
  try { queue = JSON.parse(load("queue") || "[]"); } catch (e) { queue = []; }
  var inFlight = {};   // ids sent and not yet answered: never sent twice at once
  var stats = { queued: queue.length, sent: 0, accepted: 0, refused: 0, dropped: 0, retries: 0 };
  var timer = null, backoff = 0, sending = null;

  function persist() {
    if (queue.length) save("queue", JSON.stringify(queue)); else drop("queue");
    stats.queued = queue.length;
  }

  function enqueue(event) {
    queue.push(event);
    if (queue.length > MAX_QUEUE) { stats.dropped += queue.length - MAX_QUEUE; queue.splice(0, queue.length - MAX_QUEUE); }
    persist();
    schedule(FLUSH_MS);
  }

  function schedule(ms) {
    if (timer) return;
    timer = window.setTimeout(function () { timer = null; flush(); }, ms);
  }

  function settle(ids) {
    queue = queue.filter(function (e) { return !ids[e.id]; });
    persist();
  }

  /** Sends what waits, in batches; answers once every batch was answered (or failed and will be retried). */
  function flush(unloading) {
    if (sending && !unloading) return sending;
    var batch = queue.filter(function (e) { return !inFlight[e.id]; }).slice(0, MAX_BATCH);
    if (!batch.length) return Promise.resolve(stats);
    var body = JSON.stringify({ schemaVersion: 2, events: batch });
    batch.forEach(function (e) { inFlight[e.id] = true; });
    stats.sent += batch.length;
    var request;
    try {
      request = window.fetch(endpoint, {
        method: "POST", mode: "cors", credentials: "omit", keepalive: body.length <= KEEPALIVE_BYTES,
        headers: { "Content-Type": "application/json" }, body: body
      });
    } catch (e) {
      // No fetch (or it refused keepalive): a beacon, which cannot tell us whether it arrived; the events stay
      // queued and go again next time, with the same ids, so the server's readers count them once.
      if (navigator.sendBeacon) navigator.sendBeacon(endpoint, new Blob([body], { type: "application/json" }));
      batch.forEach(function (e) { delete inFlight[e.id]; });
      return Promise.resolve(stats);
    }
    if (unloading) return request; // the page is going; the answer will not be seen, the queue stays stored
    sending = request.then(function (response) {
      var sentIds = {};
      batch.forEach(function (e) { sentIds[e.id] = true; });
      if (response.status === 202) {
        backoff = 0;
        return response.json().then(function (answer) {
          var refused = answer.refused || [];
          stats.accepted += answer.accepted || 0;
          stats.refused += refused.length;
          if (refused.length && window.console) window.console.warn("ecml: events refused", refused);
          settle(sentIds);
        });
      }
      if (response.status === 429 || response.status === 503 || response.status >= 500) throw new Error("retry " + response.status);
      // 4xx: this batch can never be taken as it is; keeping it would block every later event.
      stats.refused += batch.length;
      if (window.console) window.console.warn("ecml: batch refused with " + response.status);
      settle(sentIds);
    }).catch(function () {
      stats.retries++;
      backoff = Math.min(60000, backoff ? backoff * 2 : FLUSH_MS);
    }).then(function () {
      batch.forEach(function (e) { delete inFlight[e.id]; });
      sending = null;
      if (queue.length) schedule(backoff || 0);
      return stats;
    });
    return sending;
  }

  /** Sends batch after batch until nothing waits or a send failed (then the timer retries with backoff). */
  function drain(rounds) {
    return flush().then(function () {
      var waiting = queue.some(function (e) { return !inFlight[e.id]; });
      return waiting && !backoff && rounds > 1 ? drain(rounds - 1) : stats;
    });
  }

  // ---- Events ----
  function track(type, fields) {
    if (TYPES.indexOf(type) < 0) throw new Error("ecml.track: unknown event type '" + type + "'; expected one of " + TYPES.join(", "));
    fields = fields || {};
    var now = Date.now();
    var event = {
      id: uuid(), type: type, occurredAt: new Date(now).toISOString(), sessionId: sessionId(now), visitorId: visitorId()
    };
    if (customerId) event.customerId = customerId;
    var element = fields.element;
    var names = ["productId", "recommendationId", "query", "resultCount", "step", "stepName", "orderId", "lines", "name", "properties", "source"];
    for (var i = 0; i < names.length; i++) if (fields[names[i]] != null) event[names[i]] = fields[names[i]];
    ["productId", "recommendationId", "query", "stepName", "orderId", "name"].forEach(function (k) { if (event[k] != null) event[k] = clip(event[k]); });
    // Attribution: the widget the event came from, else a click on this product in a widget earlier in the session.
    var widget = widgetOf(element);
    var earlier = event.productId && clicked()[event.productId];
    var from = widget && widget.recommendationId ? widget : earlier;
    if (from && !event.recommendationId) {
      event.recommendationId = clip(from.recommendationId);
      if (from.position != null && !event.source) event.source = { page: clip(from.page || location.pathname), position: from.position };
    }
    if (!event.source) event.source = { page: clip(location.pathname) };
    enqueue(event);
    return event.id;
  }

  var ecml = {
    version: 1,
    stats: stats,
    track: track,
    identify: function (id) { customerId = clip(id) || undefined; if (customerId) save("customer", customerId); else drop("customer"); },
    visitorId: visitorId,
    sessionId: function () { return sessionId(Date.now()); },
    flush: function () { return drain(MAX_QUEUE / MAX_BATCH); },
    trackPageView: function (fields) { return track("page_view", fields); },
    trackProductView: function (productId, fields) { return track("product_view", assign({ productId: productId }, fields)); },
    trackAddToCart: function (productId, quantity, fields) { return track("add_to_cart", assign({ productId: productId, properties: quantity ? { quantity: quantity } : undefined }, fields)); },
    trackRemoveFromCart: function (productId, fields) { return track("remove_from_cart", assign({ productId: productId }, fields)); },
    trackCheckout: function (step, stepName, fields) { return track("checkout_step", assign({ step: step, stepName: stepName }, fields)); },
    trackPurchase: function (orderId, lines, fields) { return track("purchase", assign({ orderId: orderId, lines: lines }, fields)); },
    trackSearch: function (query, resultCount, fields) { return track("search", assign({ query: query, resultCount: resultCount }, fields)); },
    trackCustom: function (name, properties, fields) { return track("custom", assign({ name: name, properties: properties }, fields)); }
  };
  function assign(target, source) { if (source) for (var k in source) if (Object.prototype.hasOwnProperty.call(source, k)) target[k] = source[k]; return target; }

  // Calls made before the script loaded (window.ecml = window.ecml || []; ecml.push(["track", ...])) run now.
  var pending = Array.isArray(existing) ? existing : [];
  window.ecml = ecml;
  pending.forEach(function (call) { if (call && ecml[call[0]]) ecml[call[0]].apply(ecml, call.slice(1)); });

  if (data.pageView !== "false") track("page_view", { properties: document.title ? { title: clip(document.title) } : undefined });
  // Leaving the page: send what waits now, with keepalive so the request outlives the page.
  document.addEventListener("visibilitychange", function () { if (document.visibilityState === "hidden") flush(true); });
  window.addEventListener("pagehide", function () { flush(true); });
})(window, document);
