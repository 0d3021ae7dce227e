#!/usr/bin/env bash
# The answers of an inference server to POST bodies good and bad, normalised (trace ids blanked), for a before/after:
# run it against two servers serving the same store and diff the outputs. Each case prints its name, the status and
# Content-Type, and the body. Used when the POST endpoints' body reading changed (bench/inference/README.md): every
# answer must stay the same, byte for byte.
#   bench/inference/answers.sh http://127.0.0.1:18201 >a.txt; bench/inference/answers.sh http://127.0.0.1:18202 >b.txt; diff a.txt b.txt
# (the store as run.sh trains it: `recs` item-cosine and `churn` logistic on the synthetic shop, seed 7).
set -uo pipefail
U=${1:?usage: answers.sh <server base url>}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
printf '{"customerId":"C00001"}' | iconv -f utf-8 -t utf-16le >"$WORK/utf16"
printf '{"customerId":"%s"}' "$(head -c 2000000 /dev/zero | tr '\0' 'a')" >"$WORK/big"
req() { # name, curl arguments...
  local name=$1; shift
  printf '== %s\n' "$name"
  curl -s -o "$WORK/body" -w '%{http_code} %{content_type}\n' "$@"
  sed -E 's/"traceId":"[^"]*"/"traceId":"X"/g' "$WORK/body"; echo
}
J='Content-Type: application/json'
for path in /v1/churn /v2/models/churn/infer /v2/models/recs/infer; do
req "$path ok id" -XPOST -H "$J" -d '{"customerId":"C00001"}' $U$path
req "$path no content type" -XPOST -d '{"customerId":"C00001"}' -H 'Content-Type:' $U$path
req "$path text/plain" -XPOST -H 'Content-Type: text/plain' -d '{"customerId":"C00001"}' $U$path
req "$path empty body" -XPOST -H "$J" $U$path
req "$path empty body CL0" -XPOST -H "$J" -H 'Content-Length: 0' $U$path
req "$path null" -XPOST -H "$J" -d 'null' $U$path
req "$path malformed" -XPOST -H "$J" -d '{"customerId":' $U$path
req "$path trailing" -XPOST -H "$J" -d '{"customerId":"C00001"} x' $U$path
req "$path trailing ws" -XPOST -H "$J" -d '{"customerId":"C00001"}   ' $U$path
req "$path unknown field" -XPOST -H "$J" -d '{"customerId":"C00001","foo":1}' $U$path
req "$path wrong type" -XPOST -H "$J" -d '{"customerId":"C00001","recencyDays":"abc"}' $U$path
req "$path number as string" -XPOST -H "$J" -d '{"recencyDays":"3","frequency":1,"avgMonetary":2,"loyaltyMember":true,"daysSinceJoin":4}' $U$path
req "$path array" -XPOST -H "$J" -d '[1,2]' $U$path
req "$path bom" -XPOST -H "$J" --data-binary $'\xef\xbb\xbf{"customerId":"C00001"}' $U$path
req "$path charset utf-8" -XPOST -H 'Content-Type: application/json; charset=utf-8' -d '{"customerId":"C00001"}' $U$path
req "$path charset UTF8 spaced" -XPOST -H 'Content-Type: application/json;charset=UTF-8' -d '{"customerId":"C00001"}' $U$path
req "$path +json" -XPOST -H 'Content-Type: application/problem+json' -d '{"customerId":"C00001"}' $U$path
req "$path utf-16" -XPOST -H 'Content-Type: application/json; charset=utf-16' --data-binary @$WORK/utf16 $U$path
req "$path latin1" -XPOST -H 'Content-Type: application/json; charset=iso-8859-1' -d '{"customerId":"C00001"}' $U$path
req "$path comments" -XPOST -H "$J" -d '{/*c*/"customerId":"C00001"}' $U$path
req "$path trailing comma" -XPOST -H "$J" -d '{"customerId":"C00001",}' $U$path
req "$path chunked" -XPOST -H "$J" -H 'Transfer-Encoding: chunked' -d '{"customerId":"C00001"}' $U$path
req "$path unknown customer" -XPOST -H "$J" -d '{"customerId":"NOPE"}' $U$path
req "$path validation" -XPOST -H "$J" -d '{"customerId":" ","recencyDays":-1}' $U$path
req "$path case insensitive" -XPOST -H "$J" -d '{"CUSTOMERID":"C00001"}' $U$path
req "$path deep" -XPOST -H "$J" -d "{\"attributes\":$(printf '[%.0s' $(seq 1 70))$(printf ']%.0s' $(seq 1 70))}" $U$path
req "$path big" -XPOST -H "$J" --data-binary @$WORK/big $U$path
req "$path big chunked" -XPOST -H "$J" -H 'Transfer-Encoding: chunked' --data-binary @$WORK/big $U$path
req "$path long id" -XPOST -H "$J" -d "{\"customerId\":\"$(head -c 3000 /dev/zero | tr '\0' 'a')\"}" $U$path
req "$path v2 ok" -XPOST -H "$J" -d '{"id":"r1","inputs":[{"name":"customer_id","shape":[1],"datatype":"BYTES","data":["C00001"]},{"name":"k","shape":[1],"datatype":"INT32","data":[3]}]}' $U$path
done
