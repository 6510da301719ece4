#!/usr/bin/env python3
"""How much one live poll round costs InfluxDB for N measurements, by query shape (issue 6's measurement; results
in docs/source-connector.md, "Queries: grouped, measured").

Start a throwaway influxd with its HTTP API on 127.0.0.1:38086 (see shared notes on a test config), then:
    python3 bench/live-query-shapes.py 2000
It creates database `lt` with N measurements of 2 series, then times one round of reads (wall and influxd CPU from
/proc) as single queries, as multi-statement requests of 500, as regular-expression FROM queries of 500 names, and
as one query over all measurements; once over a range with data and once over an empty range.
"""
import urllib.request, urllib.parse, time, sys, os
U="http://127.0.0.1:38086"
def q(db, text, post=True):
    data=urllib.parse.urlencode({"db":db,"q":text,"epoch":"ns","chunked":"true"}).encode()
    r=urllib.request.urlopen(urllib.request.Request(U+"/query",data=data, headers={"Accept":"application/x-msgpack"}))
    return r.read()
def write(db, lines):
    urllib.request.urlopen(urllib.request.Request(U+"/write?db="+db+"&precision=ns",data="\n".join(lines).encode()))
N=int(sys.argv[1])
q("", "CREATE DATABASE lt")
now=time.time_ns()
lines=[]
for m in range(N):
    for s in range(2):
        lines.append(f"m{m},host=h{s} value={m}.5,count={s}i {now-1000000000}")
for i in range(0,len(lines),5000): write("lt", lines[i:i+5000])
pid=int(os.popen("pgrep -o -x influxd").read().split()[0])  # the (oldest) influxd on this machine
def cpu():
    f=open(f"/proc/{pid}/stat").read().split(); return (int(f[13])+int(f[14]))/os.sysconf("SC_CLK_TCK")
def measure(name, fn, rounds=3):
    c0=cpu(); t0=time.time()
    for _ in range(rounds): fn()
    t=(time.time()-t0)/rounds; c=(cpu()-c0)/rounds
    print(f"{name:45s} wall {t*1000:8.1f} ms/round  influxd cpu {c*1000:8.1f} ms/round", flush=True)
a=now-5_000_000_000; b=now
def single():
    for m in range(N): q("lt", f'SELECT "value"::field,"count"::field FROM "lt"."autogen"."m{m}" WHERE time >= {a} AND time < {b} GROUP BY *')
def multi():
    for i in range(0,N,500):
        q("lt", ";".join(f'SELECT "value"::field,"count"::field FROM "lt"."autogen"."m{m}" WHERE time >= {a} AND time < {b} GROUP BY *' for m in range(i,min(N,i+500))))
def regex():
    for i in range(0,N,500):
        names="|".join(f"m{m}" for m in range(i,min(N,i+500)))
        q("lt", f'SELECT * FROM "lt"."autogen"./^(?:{names})$/ WHERE time >= {a} AND time < {b} GROUP BY *')
def allrp():
    q("lt", f'SELECT * FROM "lt"."autogen"./.*/ WHERE time >= {a} AND time < {b} GROUP BY *')
measure(f"{N} single queries", single)
measure(f"{N} as multi-statement requests of 500", multi)
measure(f"{N} as regex queries of 500 names", regex)
measure(f"1 query all measurements regex", allrp)
a=now-1_000_000; b=now  # empty window
measure(f"EMPTY {N} single queries", single)
measure(f"EMPTY multi-statement", multi)
measure(f"EMPTY regex 500", regex)
measure(f"EMPTY all", allrp)
