#!/usr/bin/env python3
"""Measures the webhook receiver under hostile callers, over loopback.

Usage: scripts/measure-webhook-receiver.py target/debug/webhook_receiver

Starts the binary with a Telnyx key (port 0), then prints its resident memory
(VmRSS, VmHWM from /proc) after: 100 requests announcing 1.9 MB bodies and
sending all but one byte; 100 unfinished 60 KiB bodies; and the time until
200 connections that stall inside their headers are closed. Linux only."""
import os
import socket
import subprocess
import sys
import time

# The RFC 8032 test key: any valid key will do, nothing is verified.
binp=sys.argv[1]
env=dict(os.environ,TELNYX_PUBLIC_KEY="11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=")
p=subprocess.Popen([binp,"--port","0"],env=env,stdout=subprocess.PIPE,text=True)
line=p.stdout.readline().strip(); addr=line.split("http://")[1]; host,port=addr.rsplit(":",1); port=int(port)
def rss():
    d={}
    for l in open(f"/proc/{p.pid}/status"):
        k,v=l.split(":",1); d[k]=v.strip()
    return d["VmRSS"],d["VmHWM"]
print("start",rss())
# 100 unfinished 1.9 MB bodies: headers + 1.9 MB minus one byte
body=b"x"*(1_900_000-1)
socks=[]
for i in range(100):
    s=socket.create_connection((host,port))
    s.sendall(b"POST /telnyx HTTP/1.1\r\nHost: a\r\nContent-Length: 1900000\r\ntelnyx-signature-ed25519: AAAA\r\ntelnyx-timestamp: 1\r\n\r\n")
    s.settimeout(0.2)
    try:
        s.sendall(body)
    except Exception as e:
        pass
    socks.append(s)
time.sleep(1)
codes=[]
for s in socks:
    try:
        s.settimeout(2); codes.append(s.recv(64).split(b" ")[1].decode())
    except Exception as e: codes.append(repr(e))
print("100 x 1.9 MB announced:",{c:codes.count(c) for c in set(codes)},"rss/hwm",rss())
for s in socks: s.close()
# 60 KiB bodies (under the 64 KiB limit), unfinished: held until request timeout, capped by in-flight limit
socks=[]
for i in range(100):
    s=socket.create_connection((host,port))
    s.sendall(b"POST /telnyx HTTP/1.1\r\nHost: a\r\nContent-Length: 61440\r\ntelnyx-signature-ed25519: AAAA\r\ntelnyx-timestamp: 1\r\n\r\n"+b"x"*61439)
    socks.append(s)
time.sleep(2)
shed=0
for s in socks:
    s.settimeout(0.05)
    try:
        if b" 503 " in s.recv(64): shed+=1
    except Exception: pass
print("100 x 60 KiB unfinished: 503 at once:",shed,"rss/hwm",rss())
for s in socks: s.close()
# 200 stalled connections: time until closed
socks=[socket.create_connection((host,port)) for _ in range(200)]
for s in socks: s.sendall(b"POST /telnyx HTTP/1.1\r\nHost: a\r\n")
t0=time.time(); closed=[None]*200
for i,s in enumerate(socks):
    s.settimeout(30)
    try: s.recv(64)
    except Exception: pass
    closed[i]=time.time()-t0
print("200 stalled: last closed after %.2f s, first after %.2f s"%(max(closed),min(closed)),"rss/hwm",rss())
p.kill()
